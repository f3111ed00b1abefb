import { useMemo } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { formatDate, formatDateTime } from './date';
import { formatMoney } from './money';

/** Formatters bound to the current language. */
export function useFormat() {
  const { locale } = useI18n();
  return useMemo(
    () => ({
      money: (amount: string) => formatMoney(amount, locale),
      date: (date: string) => formatDate(date, locale),
      dateTime: (timestamp: string) => formatDateTime(timestamp, locale),
    }),
    [locale],
  );
}
