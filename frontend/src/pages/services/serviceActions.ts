import type { ServiceStatus } from '../../api/types';

/** What staff may do to a service. */
export type ServiceAction = 'start' | 'complete' | 'reschedule' | 'cancel' | 'delete';

/** The actions a service's status allows, as the API's state machine does. */
export function serviceActions(status: ServiceStatus): ServiceAction[] {
  switch (status) {
    case 'scheduled':
      return ['start', 'complete', 'reschedule', 'cancel', 'delete'];
    case 'in_progress':
      return ['complete', 'reschedule', 'cancel'];
    case 'completed':
      return [];
    case 'cancelled':
      return ['delete'];
  }
}
