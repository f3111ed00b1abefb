import type { CalendarDate } from '../api/types';
import { INTL_LOCALES, type Locale } from '../i18n/messages';

// The appointments live on the garage's clock: an instant is placed on the day and at the
// time of day it has in the garage's time zone (the API's `time_zone`), whatever the
// browser's own zone. Calendar dates (`YYYY-MM-DD`) are handled as UTC days, so no zone
// can move them.

/** Where an instant falls on a clock: its day and its time of day (`HH:MM`, 24-hour). */
export interface ZonedParts {
  date: CalendarDate;
  time: string;
}

const DAY_MS = 86_400_000;
const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

function toInstant(timestamp: string | number): number {
  return typeof timestamp === 'number' ? timestamp : Date.parse(timestamp);
}

/** The day and time of day of an instant (RFC 3339 or epoch ms) on the clock of `timeZone`. */
export function zonedParts(timestamp: string | number, timeZone: string): ZonedParts {
  const instant = toInstant(timestamp);
  if (Number.isNaN(instant)) return { date: '', time: '' };
  const parts = partsFormatter(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  // Some engines write midnight as 24 even with a 23-hour cycle.
  const hour = part('hour') === '24' ? '00' : part('hour');
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${hour}:${part('minute')}` };
}

/** Today on the clock of `timeZone`. */
export function todayIn(timeZone: string, now: number = Date.now()): CalendarDate {
  return zonedParts(now, timeZone).date;
}

function dayNumber(date: CalendarDate): number {
  const [year = 1970, month = 1, day = 1] = date.split('-').map(Number);
  return Date.UTC(year, month - 1, day);
}

/** The day `days` after (before, if negative) `date`. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return new Date(dayNumber(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The weekdays in the order of the schedule and of a week in Tunisia, Monday first. */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** Where a day falls in its week: 0 for Monday to 6 for Sunday. */
export function weekdayIndex(date: CalendarDate): number {
  return (new Date(dayNumber(date)).getUTCDay() + 6) % 7;
}

/** The weekday of a day, as the schedule names it. */
export function weekdayOf(date: CalendarDate): (typeof WEEKDAYS)[number] {
  return WEEKDAYS[weekdayIndex(date)] ?? 'monday';
}

/** The Monday of the week `date` is in. */
export function weekStart(date: CalendarDate): CalendarDate {
  return addDays(date, -weekdayIndex(date));
}

/** The minutes since midnight of a time of day (`HH:MM`), or NaN. */
export function minutesOf(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  return match === null ? Number.NaN : Number(match[1]) * 60 + Number(match[2]);
}

/** A time of day (`HH:MM`) from minutes since midnight. */
export function timeOf(minutes: number): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** The time of day of an instant on the garage's clock, as the language writes it (08:30). */
export function formatTime(timestamp: string | number, locale: Locale, timeZone: string): string {
  const instant = toInstant(timestamp);
  if (Number.isNaN(instant)) return String(timestamp);
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(instant);
}

/** A day with its weekday: short (mer. 11 mars) for headers, long (mercredi 11 mars 2026). */
export function formatWeekday(date: CalendarDate, locale: Locale, style: 'short' | 'long' = 'short'): string {
  const options: Intl.DateTimeFormatOptions =
    style === 'short' ? { weekday: 'short', day: 'numeric', month: 'short' } : { dateStyle: 'full' };
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], { ...options, timeZone: 'UTC' }).format(dayNumber(date));
}

/** The name of a weekday in the language (lundi, Monday, الإثنين). */
export function weekdayName(weekday: (typeof WEEKDAYS)[number], locale: Locale): string {
  // 2024-01-01 was a Monday.
  const date = addDays('2024-01-01', WEEKDAYS.indexOf(weekday));
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], { weekday: 'long', timeZone: 'UTC' }).format(dayNumber(date));
}

/** The offset of the clock of `timeZone` from UTC at an instant, in ms (Tunis: +3,600,000). */
function zoneOffset(instant: number, timeZone: string): number {
  const { date, time } = zonedParts(instant, timeZone);
  const wall = dayNumber(date) + minutesOf(time) * 60_000;
  // zonedParts reads whole minutes: compare with the instant's own whole minute.
  return wall - (instant - (((instant % 60_000) + 60_000) % 60_000));
}

/**
 * The instant (epoch ms) at which the clock of `timeZone` reads `time` (`HH:MM`) on `date`.
 * A time that the clock skips (a change to summer time) is read on the clock before the change,
 * so that a day that starts in the gap starts when the clock jumps.
 */
export function zonedInstant(date: CalendarDate, time: string, timeZone: string): number {
  const wall = dayNumber(date) + minutesOf(time) * 60_000;
  const first = wall - zoneOffset(wall, timeZone);
  const second = wall - zoneOffset(first, timeZone);
  return Math.max(first, second);
}

/** The first and the last instant of the days `from` to `to` on the clock of `timeZone`, as RFC 3339 (UTC). */
export function zonedDayRange(from: CalendarDate, to: CalendarDate, timeZone: string): { from: string; to: string } {
  const rfc3339 = (instant: number) => new Date(instant).toISOString();
  return {
    from: rfc3339(zonedInstant(from, '00:00', timeZone)).replace('.000Z', 'Z'),
    // Inclusive: the last millisecond before the next day starts.
    to: rfc3339(zonedInstant(addDays(to, 1), '00:00', timeZone) - 1),
  };
}
