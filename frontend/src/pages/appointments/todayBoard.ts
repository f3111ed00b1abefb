import type { Appointment, Service } from '../../api/types';

/** The columns of the day's board, in the order a car moves through them. */
export const TODAY_COLUMNS = ['booked', 'checked_in', 'in_progress', 'done'] as const;

/** One column of the day's board. */
export type TodayColumn = (typeof TODAY_COLUMNS)[number];

/**
 * Where each of the day's appointments stands: booked (requested or confirmed), checked in
 * (its service not started yet, or not loaded yet), in progress, or done, by the status of
 * the service its check-in opened. Declined, cancelled and missed appointments, and those
 * whose service was cancelled, are not on the board.
 */
export function todayColumns(
  appointments: readonly Appointment[],
  services: ReadonlyMap<string, Service>,
): Record<TodayColumn, Appointment[]> {
  const columns: Record<TodayColumn, Appointment[]> = { booked: [], checked_in: [], in_progress: [], done: [] };
  for (const appointment of appointments) {
    const column = columnOf(appointment, services);
    if (column !== null) columns[column].push(appointment);
  }
  for (const column of TODAY_COLUMNS) {
    columns[column].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at) || a.id.localeCompare(b.id));
  }
  return columns;
}

function columnOf(appointment: Appointment, services: ReadonlyMap<string, Service>): TodayColumn | null {
  switch (appointment.status) {
    case 'requested':
    case 'confirmed':
      return 'booked';
    case 'checked_in': {
      const service = appointment.service_id == null ? undefined : services.get(appointment.service_id);
      switch (service?.status) {
        case undefined:
        case 'scheduled':
          return 'checked_in';
        case 'in_progress':
          return 'in_progress';
        case 'completed':
          return 'done';
        case 'cancelled':
          return null;
      }
      return null;
    }
    case 'declined':
    case 'cancelled':
    case 'no_show':
      return null;
  }
}
