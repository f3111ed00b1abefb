import { en } from './en';
import { fr } from './fr';

/** Every message key; the French dictionary is the reference. */
export type MessageKey = keyof typeof fr;

/** A complete dictionary: one string per key. */
export type Messages = Record<MessageKey, string>;

/** Languages the UI speaks. */
export type Locale = 'fr' | 'en';

/** The language used until the user picks another. */
export const DEFAULT_LOCALE: Locale = 'fr';

/** The dictionaries, by language. */
export const dictionaries: Record<Locale, Messages> = { fr, en };

/** Values for the `{name}` placeholders of a message. */
export type MessageParams = Record<string, string | number>;

/** Looks up a message and fills its placeholders. */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return dictionaries[locale][key].replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined ? placeholder : String(value);
  });
}

/** The BCP 47 tag given to Intl for each language (24-hour clock, day before month). */
export const INTL_LOCALES: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
