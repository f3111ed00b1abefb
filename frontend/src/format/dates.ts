import dayjs, { type Dayjs } from 'dayjs';

/** A date picker's value as the API's calendar date (`YYYY-MM-DD`). */
export function toCalendarDate(value: Dayjs): string {
  return value.format('YYYY-MM-DD');
}

/** An API calendar date as a date picker's value. */
export function fromCalendarDate(date: string): Dayjs {
  return dayjs(date, 'YYYY-MM-DD');
}

/** Today in the browser's calendar, as the API writes dates. */
export function todayDate(): string {
  return dayjs().format('YYYY-MM-DD');
}
