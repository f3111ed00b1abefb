import type { CalendarDate } from '../../api/types';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';

/** "Jours souhaités : 12 mars 2026, 13 mars 2026", or that any day suits. */
export function usePreferredDaysText(): (days: readonly CalendarDate[]) => string {
  const { t } = useI18n();
  const format = useFormat();
  return (days) =>
    days.length === 0 ? t('requests.anyDay') : t('requests.preferred', { days: [...days].sort().map(format.date).join(', ') });
}
