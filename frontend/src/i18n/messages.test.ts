import { describe, expect, it } from 'vitest';
import { ar } from './ar';
import { en } from './en';
import { fr } from './fr';
import { localeFromLanguages, translate, type MessageKey } from './messages';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
// The compiler checks that en and ar have every key of fr; these catch what it cannot:
// extra keys, blank strings, and a placeholder lost in translation.
const translations = { en, ar } as const;

describe('dictionaries', () => {
  it('have the same keys in the three languages', () => {
    const keys = Object.keys(fr).sort();
    expect(keys.length).toBeGreaterThan(300);
    for (const [language, dictionary] of Object.entries(translations)) {
      expect(Object.keys(dictionary).sort(), language).toEqual(keys);
    }
  });

  it('have no empty message', () => {
    for (const [language, dictionary] of Object.entries({ fr, en, ar })) {
      for (const [key, text] of Object.entries(dictionary)) {
        expect(text.trim(), `${language} ${key}`).not.toBe('');
      }
    }
  });

  it('keep every placeholder of the French message in English and Arabic', () => {
    for (const key of Object.keys(fr) as MessageKey[]) {
      for (const [language, dictionary] of Object.entries(translations)) {
        expect(placeholders(dictionary[key]), `${language} ${key}`).toEqual(placeholders(fr[key]));
      }
    }
  });

  it('translate Arabic into Arabic script, not copies of the French', () => {
    const arabicScript = /[\u0600-\u06ff]/;
    const keys = Object.keys(fr) as MessageKey[];
    // Brand names, units and the CSV column lists may stay as they are; nothing else.
    const latinOnly = keys.filter((key) => !arabicScript.test(ar[key]));
    expect(latinOnly.sort()).toEqual(['app.name', 'common.notGiven', 'invoices.pdf']);
    const copies = keys.filter((key) => ar[key] === fr[key] && fr[key].length > 3);
    expect(copies).toEqual(['app.name']);
  });

  it('fill placeholders and leave unknown ones visible', () => {
    expect(translate('fr', 'errors.rateLimited', { seconds: 30 })).toBe('Trop de tentatives. Réessayez dans 30 s.');
    expect(translate('en', 'errors.rateLimited', { seconds: 30 })).toBe('Too many attempts. Try again in 30 s.');
    expect(translate('ar', 'errors.rateLimited', { seconds: 30 })).toBe('محاولات كثيرة. أعد المحاولة بعد 30 ثانية.');
    expect(translate('en', 'errors.rateLimited')).toBe('Too many attempts. Try again in {seconds} s.');
  });
});

describe('localeFromLanguages', () => {
  it("takes the browser's first language the UI speaks, by its primary subtag", () => {
    expect(localeFromLanguages(['ar-TN', 'fr-FR'])).toBe('ar');
    expect(localeFromLanguages(['AR'])).toBe('ar');
    expect(localeFromLanguages(['de-DE', 'en-US', 'fr'])).toBe('en');
    expect(localeFromLanguages(['fr-TN', 'ar'])).toBe('fr');
  });

  it('falls back to French', () => {
    expect(localeFromLanguages(['de-DE', 'it'])).toBe('fr');
    expect(localeFromLanguages([])).toBe('fr');
  });
});
