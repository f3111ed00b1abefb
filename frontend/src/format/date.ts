import { INTL_LOCALES, type Locale } from '../i18n/messages';

/** The garage's time zone, in which times of day are shown. */
export const GARAGE_TIME_ZONE = 'Africa/Tunis';

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Formats a calendar date (`YYYY-MM-DD`). It names a day, not an instant, so it is
 * read and shown in UTC: no time zone can move it to the day before.
 */
export function formatDate(date: string, locale: Locale): string {
  const match = CALENDAR_DATE.exec(date);
  if (match === null) return date;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(Date.UTC(year, month - 1, day));
}

/** Formats an RFC 3339 timestamp as a date and time in the garage's time zone. */
export function formatDateTime(
  timestamp: string,
  locale: Locale,
  timeZone: string = GARAGE_TIME_ZONE,
): string {
  const instant = Date.parse(timestamp);
  if (Number.isNaN(instant)) return timestamp;
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(instant);
}

/** Formats an instant (epoch milliseconds) as its day in the garage's time zone. */
export function formatDay(instant: number, locale: Locale, timeZone: string = GARAGE_TIME_ZONE): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], { dateStyle: 'medium', timeZone }).format(instant);
}
