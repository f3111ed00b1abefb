import { INTL_LOCALES, type Locale } from '../i18n/messages';

/** The decimal separator of a language, as Intl writes it: "," in French and Arabic (ar-TN), "." in English. */
export function decimalSeparator(locale: Locale): string {
  const parts = new Intl.NumberFormat(INTL_LOCALES[locale]).formatToParts(1.5);
  return parts.find((part) => part.type === 'decimal')?.value ?? '.';
}

/**
 * An API decimal (`12.500`) as the language writes it, in a field or as a plain number
 * (a quantity, a tax rate): with the separator the amounts beside it use (`12,500` in
 * French and Arabic).
 */
export function localizeDecimal(value: string, locale: Locale): string {
  return value.replace('.', decimalSeparator(locale));
}

const EASTERN_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;

/**
 * A decimal as typed, in the API's form: a decimal comma (French, Arabic) or the Arabic
 * decimal separator (٫) becomes a point, and digits typed on an Arabic keyboard
 * (٠١٢… or ۰۱۲…) become Latin digits.
 */
export function readDecimal(text: string): string {
  return text
    .trim()
    .replace(EASTERN_DIGITS, (digit) => {
      const code = digit.codePointAt(0) ?? 0;
      return String(code - (code >= 0x06f0 ? 0x06f0 : 0x0660));
    })
    .replace(/[,\u066b]/, '.');
}
