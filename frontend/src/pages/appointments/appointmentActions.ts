import type { Appointment } from '../../api/types';

/** What can be done to an appointment. */
export type AppointmentAction = 'confirm' | 'decline' | 'reschedule' | 'cancel' | 'check_in' | 'no_show';

/**
 * The actions an appointment's status allows, as the API's workflow does: staff confirm or
 * decline a request, check a confirmed car in or mark it missing once its slot started, and
 * move or cancel any open appointment; a customer moves or cancels their own before it starts
 * (the server also refuses it within the schedule's cut-off, and says so).
 */
export function appointmentActions(
  appointment: Pick<Appointment, 'status' | 'starts_at'>,
  asStaff: boolean,
  now: number = Date.now(),
): AppointmentAction[] {
  const started = Date.parse(appointment.starts_at) <= now;
  if (!asStaff) {
    const open = appointment.status === 'requested' || appointment.status === 'confirmed';
    return open && !started ? ['reschedule', 'cancel'] : [];
  }
  switch (appointment.status) {
    case 'requested':
      return ['confirm', 'decline', 'reschedule', 'cancel'];
    case 'confirmed':
      return started ? ['check_in', 'no_show', 'reschedule', 'cancel'] : ['check_in', 'reschedule', 'cancel'];
    case 'checked_in':
    case 'declined':
    case 'cancelled':
    case 'no_show':
      return [];
  }
}

/** Whether an appointment can still be moved to another slot (by drag and drop, too). */
export function isMovable(appointment: Pick<Appointment, 'status'>): boolean {
  return appointment.status === 'requested' || appointment.status === 'confirmed';
}

/** Whether the work of an appointment can still be given to a technician: until the car is checked in. */
export function isAssignable(appointment: Pick<Appointment, 'status'>): boolean {
  return appointment.status === 'requested' || appointment.status === 'confirmed';
}

/** The first line of a description, as the service a check-in opens is titled (at most 200 characters). */
export function checkInTitle(description: string): string {
  return (description.split('\n')[0] ?? '').trim().slice(0, 200);
}
