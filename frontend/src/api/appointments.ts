import { api, apiRequest, ifMatch } from './client';
import type {
  Appointment,
  AppointmentCancel,
  AppointmentCheckIn,
  AppointmentCreate,
  AppointmentQuery,
  AppointmentReschedule,
  CalendarDate,
  Page,
  Schedule,
  ScheduleSettings,
  SlotList,
  Timestamp,
} from './types';

// Cancel and check-in take an optional body, which the typed client cannot send:
// they go through `apiRequest` with the bodies typed in types.ts.

/** The garage's schedule (the default until an admin saves one); every role reads it. */
export function fetchSchedule(signal?: AbortSignal): Promise<Schedule> {
  return api.get('/api/appointments/schedule', { signal });
}

/** Saves the schedule over the version shown (admin). */
export function saveSchedule(version: number, body: ScheduleSettings): Promise<Schedule> {
  return api.put('/api/appointments/schedule', { body, headers: ifMatch(version) });
}

/** The slots still ahead of the days `from` to `to` (at most 31 days), with their free places. */
export function listSlots(from: CalendarDate, to: CalendarDate, signal?: AbortSignal): Promise<SlotList> {
  return api.get('/api/appointments/slots', { query: { from, to }, signal });
}

/** One page of appointments in start order (staff: all; a customer: their own). */
export function listAppointments(params: AppointmentQuery, signal?: AbortSignal): Promise<Page<Appointment>> {
  return api.get('/api/appointments', { query: params, signal });
}

/** The most pages `listAllAppointments` reads (of the API's largest size, 200). */
const MAX_PAGES = 10;

/** Every appointment matching the filters, up to 2,000; `truncated` when there were more. */
export async function listAllAppointments(
  params: Omit<AppointmentQuery, 'cursor' | 'limit'>,
  signal?: AbortSignal,
): Promise<{ results: Appointment[]; truncated: boolean }> {
  const results: Appointment[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await listAppointments({ ...params, limit: 200, cursor }, signal);
    results.push(...answer.results);
    if (!answer.next_cursor) return { results, truncated: false };
    cursor = answer.next_cursor;
  }
  return { results, truncated: true };
}

/** One appointment. */
export function fetchAppointment(id: string, signal?: AbortSignal): Promise<Appointment> {
  return api.get('/api/appointments/{id}', { path: { id }, signal });
}

/**
 * Books a car into a free slot: a customer's request waits for the garage (`requested`),
 * staff's is `confirmed`. The key makes a resent request answer the first booking.
 */
export function bookAppointment(body: AppointmentCreate, idempotencyKey: string): Promise<Appointment> {
  return api.post('/api/appointments', { body, headers: { 'Idempotency-Key': idempotencyKey } });
}

/** `requested → confirmed` (staff). */
export function confirmAppointment(appointment: Appointment): Promise<Appointment> {
  return api.post('/api/appointments/{id}/confirm', { path: { id: appointment.id }, headers: ifMatch(appointment.version) });
}

/** `requested → declined`, with the reason the customer is told (staff). */
export function declineAppointment(appointment: Appointment, reason: string): Promise<Appointment> {
  return api.post('/api/appointments/{id}/decline', {
    path: { id: appointment.id },
    body: { reason },
    headers: ifMatch(appointment.version),
  });
}

/** `requested | confirmed → cancelled` (staff, or the owner up to the schedule's cut-off). */
export function cancelAppointment(appointment: Appointment, reason?: string): Promise<Appointment> {
  const body: AppointmentCancel = reason === undefined ? {} : { reason };
  return apiRequest<Appointment>(`/api/appointments/${encodeURIComponent(appointment.id)}/cancel`, {
    method: 'POST',
    body,
    headers: ifMatch(appointment.version),
  });
}

/** Moves an appointment to another free slot (a customer's move asks the garage again). */
export function rescheduleAppointment(appointment: Appointment, startsAt: Timestamp): Promise<Appointment> {
  const body: AppointmentReschedule = { starts_at: startsAt };
  return api.post('/api/appointments/{id}/reschedule', {
    path: { id: appointment.id },
    body,
    headers: ifMatch(appointment.version),
  });
}

/** `confirmed → checked_in`: opens the car's service and links it (staff). */
export function checkInAppointment(appointment: Appointment, body: AppointmentCheckIn): Promise<Appointment> {
  return apiRequest<Appointment>(`/api/appointments/${encodeURIComponent(appointment.id)}/check_in`, {
    method: 'POST',
    body,
    headers: ifMatch(appointment.version),
  });
}

/** Gives the work to a technician, or to nobody (`null`), while requested or confirmed (staff). */
export function assignAppointment(appointment: Appointment, technicianId: string | null): Promise<Appointment> {
  return api.post('/api/appointments/{id}/assign', {
    path: { id: appointment.id },
    body: { technician_id: technicianId },
    headers: ifMatch(appointment.version),
  });
}

/** `confirmed → no_show`, once the slot has started (staff). */
export function markNoShow(appointment: Appointment): Promise<Appointment> {
  return api.post('/api/appointments/{id}/no_show', { path: { id: appointment.id }, headers: ifMatch(appointment.version) });
}

/** A new `Idempotency-Key`: one per booking form, so that a resent request books once. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
