import { useI18n } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/messages';

/**
 * How a date picker writes a day, per language: the first format is the one shown, the
 * same as `formatDate` shows dates elsewhere (5 mars 2026, 5 Mar 2026, 05/03/2026); the
 * numeric one after it is also accepted when a date is typed.
 */
export const DATE_INPUT_FORMATS: Record<Locale, [string, ...string[]]> = {
  fr: ['D MMM YYYY', 'DD/MM/YYYY'],
  en: ['D MMM YYYY', 'DD/MM/YYYY'],
  ar: ['DD/MM/YYYY'],
};

/** The date picker formats of the current language. */
export function useDateInputFormat(): string[] {
  const { locale } = useI18n();
  return DATE_INPUT_FORMATS[locale];
}
