import { ar } from './ar';
import { en } from './en';
import { fr } from './fr';

/** Every message key; the French dictionary is the reference. */
export type MessageKey = keyof typeof fr;

/** A complete dictionary: one string per key. */
export type Messages = Record<MessageKey, string>;

/** Languages the UI speaks. */
export type Locale = 'fr' | 'en' | 'ar';

/** The language used until the user picks another and the browser asks for none we speak. */
export const DEFAULT_LOCALE: Locale = 'fr';

/** The dictionaries, by language. */
export const dictionaries: Record<Locale, Messages> = { fr, en, ar };

/** Each language named in itself, so that anyone can find their own in the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = { fr: 'Français', en: 'English', ar: 'العربية' };

/** The writing direction of each language. */
export const DIRECTIONS: Record<Locale, 'ltr' | 'rtl'> = { fr: 'ltr', en: 'ltr', ar: 'rtl' };

/** Values for the `{name}` placeholders of a message. */
export type MessageParams = Record<string, string | number>;

/** Looks up a message and fills its placeholders. */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return dictionaries[locale][key].replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined ? placeholder : String(value);
  });
}

/**
 * The BCP 47 tag given to Intl for each language: day before month and a 24-hour clock.
 * Arabic is Tunisia's: Latin digits (as on Tunisian invoices and plates, `nu-latn`, which
 * is also what CLDR gives ar-TN, said explicitly so a browser's data cannot switch it to
 * Arabic-Indic digits) and a 24-hour clock (`hc-h23`, where CLDR gives ar-TN 2:07 م).
 */
export const INTL_LOCALES: Record<Locale, string> = {
  fr: 'fr-FR',
  en: 'en-GB',
  ar: 'ar-TN-u-hc-h23-nu-latn',
};

function isLocale(value: string): value is Locale {
  return Object.hasOwn(dictionaries, value);
}

/** The language to read a stored choice as, or null if it is not one the UI speaks. */
export function parseLocale(value: string | null | undefined): Locale | null {
  return value !== null && value !== undefined && isLocale(value) ? value : null;
}

/**
 * The first of the browser's preferred languages (`navigator.languages`, best first)
 * that the UI speaks, by primary subtag (`ar-TN` is Arabic); French when none is.
 */
export function localeFromLanguages(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const primary = tag.split('-')[0]?.toLowerCase() ?? '';
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}
