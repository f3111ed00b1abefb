import { useMemo } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { INTL_LOCALES } from '../i18n/messages';
import { formatDate, formatDateTime, formatDay } from './date';
import { formatMoney } from './money';

/** Formatters bound to the current language. */
export function useFormat() {
  const { locale } = useI18n();
  return useMemo(
    () => ({
      money: (amount: string) => formatMoney(amount, locale),
      date: (date: string) => formatDate(date, locale),
      dateTime: (timestamp: string) => formatDateTime(timestamp, locale),
      /** The day of an instant (epoch milliseconds), in the garage's time zone. */
      day: (instant: number) => formatDay(instant, locale),
      /** The day of an RFC 3339 timestamp, in the garage's time zone (as given if unreadable). */
      dayOf: (timestamp: string) => {
        const instant = Date.parse(timestamp);
        return Number.isNaN(instant) ? timestamp : formatDay(instant, locale);
      },
      /** A count or a reading (km, hours) with the language's separators. */
      number: (value: number, fractionDigits = 0) =>
        new Intl.NumberFormat(INTL_LOCALES[locale], { maximumFractionDigits: fractionDigits }).format(value),
    }),
    [locale],
  );
}
