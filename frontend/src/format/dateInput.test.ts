import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
// Loads the dayjs locales the app uses, as the app does.
import { DAYJS_LOCALES } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/messages';
import { formatDate } from './date';
import { DATE_INPUT_FORMATS } from './dateInput';

// Intl's no-break spaces as plain ones, and without the direction marks it adds in Arabic.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').replace(/[\u200e\u200f]/g, '');
const LOCALES: readonly Locale[] = ['fr', 'en', 'ar'];
// A month of each length of name; September is left out (Intl writes "Sept" in British English, dayjs "Sep").
const DATES = ['2026-01-05', '2026-03-05', '2026-05-31', '2026-08-15', '2026-12-25'];

describe('date pickers', () => {
  it('show a day as the rest of the screen shows it, in each language', () => {
    for (const locale of LOCALES) {
      for (const date of DATES) {
        const picker = dayjs(date).locale(DAYJS_LOCALES[locale]).format(DATE_INPUT_FORMATS[locale][0]);
        expect(picker, `${locale} ${date}`).toBe(plain(formatDate(date, locale)));
      }
    }
  });
});
