import type { CalendarDate, DayLoad, DayUnassigned, Workload } from '../../api/types';
import { technicianName } from '../../format/displayName';
import { compareDecimals } from '../../format/decimal';
import { addDays } from '../../format/zoned';

/** Labour hours a day holds for one person; above them the day is highlighted. */
export const FULL_DAY_HOURS = '8';

/** A technician's row of the workload table: their load, day by day. */
export interface TechnicianRow {
  kind: 'technician';
  key: string;
  /** The technician's name (their login without one). */
  name: string;
  days: ReadonlyMap<CalendarDate, DayLoad>;
}

/** The last row of the workload table: the jobs nobody has, day by day (a count only). */
export interface UnassignedRow {
  kind: 'unassigned';
  key: 'unassigned';
  days: ReadonlyMap<CalendarDate, DayUnassigned>;
}

/** One row of the workload table: a technician, or the jobs nobody has. */
export type WorkloadRow = TechnicianRow | UnassignedRow;

/** The seven days of the week that starts on `monday`. */
export function weekDays(monday: CalendarDate): CalendarDate[] {
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
}

function byDate<Day extends { date: CalendarDate }>(days: readonly Day[]): ReadonlyMap<CalendarDate, Day> {
  return new Map(days.map((day) => [day.date, day]));
}

/** The technicians in the server's order, then the row of the jobs nobody has. */
export function workloadRows(workload: Workload): WorkloadRow[] {
  return [
    ...workload.technicians.map(
      ({ technician, days }): TechnicianRow => ({
        kind: 'technician',
        key: technician.id,
        name: technicianName(technician),
        days: byDate(days),
      }),
    ),
    { kind: 'unassigned', key: 'unassigned', days: byDate(workload.unassigned) },
  ];
}

/** Whether a day has more labour booked than one person's day holds. */
export function isOverbooked(day: DayLoad): boolean {
  return compareDecimals(day.booked_hours, FULL_DAY_HOURS) > 0;
}
