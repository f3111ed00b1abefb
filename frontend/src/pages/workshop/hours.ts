import type { CalendarDate } from '../../api/types';
import { useFormat } from '../../format/useFormat';
import { addDays } from '../../format/zoned';
import { useI18n } from '../../i18n/I18nProvider';

/** "1:05:09": hours, minutes and seconds since `startedAt` (an RFC 3339 instant) at `now`. */
export function elapsedLabel(startedAt: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(startedAt)) / 1000));
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

/** Seconds as hours to the hundredth, as the API writes hours ("0.25"). */
export function hoursOfSeconds(seconds: number): string {
  return (Math.round(seconds / 36) / 100).toFixed(2);
}

/** Hours as the language writes them ("1,5 h", "1.5 h", "1,5 سا"), from the API's decimal string. */
export function useHoursLabel(): (hours: string) => string {
  const { t } = useI18n();
  const format = useFormat();
  return (hours) => t('time.value', { hours: format.number(Number(hours), 2) });
}

/** The longest period the hours report covers, in days. */
export const MAX_REPORT_DAYS = 93;

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: CalendarDate, to: CalendarDate): CalendarDate[] {
  const days: CalendarDate[] = [];
  for (let day = from; day <= to && days.length < MAX_REPORT_DAYS; day = addDays(day, 1)) days.push(day);
  return days;
}
