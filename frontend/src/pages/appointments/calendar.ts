import type { Appointment, CalendarDate, Schedule, Slot } from '../../api/types';
import { addDays, minutesOf, timeOf, weekdayOf, zonedParts } from '../../format/zoned';

/** The key of a cell of the calendar: a day and a time of day on the garage's clock. */
export const cellKey = (date: CalendarDate, time: string) => `${date} ${time}`;

/** The `count` days from `first`. */
export function daysFrom(first: CalendarDate, count: number): CalendarDate[] {
  return Array.from({ length: count }, (_, index) => addDays(first, index));
}

/** Whether the garage is closed all day (a holiday, or a weekday without opening hours). */
export function isClosedDay(schedule: Schedule, date: CalendarDate): boolean {
  return (schedule.closed_days ?? []).includes(date) || schedule.opening_hours[weekdayOf(date)].length === 0;
}

/** The start times (`HH:MM`) of the slots of a day, as the server draws them from the schedule. */
export function slotTimes(schedule: Schedule, date: CalendarDate): string[] {
  if (isClosedDay(schedule, date)) return [];
  const times: string[] = [];
  for (const period of schedule.opening_hours[weekdayOf(date)]) {
    const close = minutesOf(period.close);
    for (let start = minutesOf(period.open); start + schedule.slot_minutes <= close; start += schedule.slot_minutes) {
      times.push(timeOf(start));
    }
  }
  return times;
}

/**
 * The rows of a calendar of `days`: every slot time of those days, and the time of any
 * appointment that is not on one (booked before the schedule changed), in order.
 */
export function calendarRows(
  days: readonly CalendarDate[],
  schedule: Schedule | undefined,
  appointments: readonly Appointment[],
  timeZone: string,
): string[] {
  const times = new Set<string>();
  if (schedule !== undefined) for (const day of days) for (const time of slotTimes(schedule, day)) times.add(time);
  for (const appointment of appointments) {
    const { date, time } = zonedParts(appointment.starts_at, timeZone);
    if (days.includes(date)) times.add(time);
  }
  return [...times].sort();
}

/** The appointments of each cell, in start order (then by plate, for a stable order). */
export function appointmentsByCell(appointments: readonly Appointment[], timeZone: string): Map<string, Appointment[]> {
  const cells = new Map<string, Appointment[]>();
  const sorted = [...appointments].sort(
    (a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at) || a.car.license_plate.localeCompare(b.car.license_plate),
  );
  for (const appointment of sorted) {
    const { date, time } = zonedParts(appointment.starts_at, timeZone);
    const key = cellKey(date, time);
    cells.set(key, [...(cells.get(key) ?? []), appointment]);
  }
  return cells;
}

/** The slots by cell. */
export function slotsByCell(slots: readonly Slot[], timeZone: string): Map<string, Slot> {
  return new Map(slots.map((slot) => {
    const { date, time } = zonedParts(slot.starts_at, timeZone);
    return [cellKey(date, time), slot] as const;
  }));
}

/** The slots of each day, in order. */
export function slotsByDay(slots: readonly Slot[], timeZone: string): Map<CalendarDate, Slot[]> {
  const days = new Map<CalendarDate, Slot[]>();
  for (const slot of slots) {
    const { date } = zonedParts(slot.starts_at, timeZone);
    days.set(date, [...(days.get(date) ?? []), slot]);
  }
  return days;
}

/** Whether two RFC 3339 timestamps name the same instant (the API may write them differently). */
export function sameInstant(a: string, b: string): boolean {
  return Date.parse(a) === Date.parse(b);
}
