import type { Service, ServiceStatus } from '../../api/types';

/** The columns of the board, in the order work moves through them. */
export const BOARD_COLUMNS: readonly ServiceStatus[] = ['scheduled', 'in_progress', 'completed', 'cancelled'];

/** Services by status, each column by scheduled date (then id, for a stable order). */
export function groupByStatus(services: readonly Service[]): Record<ServiceStatus, Service[]> {
  const columns: Record<ServiceStatus, Service[]> = { scheduled: [], in_progress: [], completed: [], cancelled: [] };
  for (const service of services) columns[service.status].push(service);
  for (const status of BOARD_COLUMNS) {
    columns[status].sort(
      (a, b) => a.scheduled_date.localeCompare(b.scheduled_date) || a.id.localeCompare(b.id),
    );
  }
  return columns;
}
