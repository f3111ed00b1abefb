import { INTL_LOCALES, type Locale } from '../i18n/messages';
import type { MoneyString } from '../api/types';

/** The garage's currency until the server's configuration says otherwise. */
export const DEFAULT_CURRENCY = { code: 'TND', fractionDigits: 3 } as const;

/** A currency and its number of minor-unit digits. */
export interface Currency {
  code: string;
  fractionDigits: number;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Formats a decimal money string for display. The string goes to Intl as it is
 * (Intl formats numeric strings as exact decimals), so no digit is lost to a float;
 * anything that is not a plain decimal is shown unchanged rather than guessed at.
 */
export function formatMoney(
  amount: MoneyString,
  locale: Locale,
  currency: Currency = DEFAULT_CURRENCY,
): string {
  const value = amount.trim();
  if (!DECIMAL.test(value)) return amount;
  return new Intl.NumberFormat(INTL_LOCALES[locale], {
    style: 'currency',
    currency: currency.code,
    minimumFractionDigits: currency.fractionDigits,
    maximumFractionDigits: currency.fractionDigits,
  }).format(value as Intl.StringNumericLiteral);
}
