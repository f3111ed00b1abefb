import { api, apiFetch, apiRequest } from './client';
import type { CalendarDate, ClockState, HoursReport, JobList, TechnicianOnFloor, TimeEntry, Timestamp, Workload } from './types';

/** The active technicians, oldest account first, each with the job they are clocked on (staff). */
export async function listTechnicians(signal?: AbortSignal): Promise<TechnicianOnFloor[]> {
  const answer = await api.get('/api/technicians', { signal });
  return answer.results;
}

/** Each technician's load, and the jobs nobody has, day by day from `from` to `to` (staff; 31 days at most). */
export function fetchWorkload(from: CalendarDate, to: CalendarDate, signal?: AbortSignal): Promise<Workload> {
  return api.get('/api/technicians/workload', { query: { from, to }, signal });
}

/**
 * The caller's jobs of a day: in progress, then still to do, then closed that day
 * (technicians). Without a day, the server's today, which its answer names.
 */
export function fetchMyJobs(date: CalendarDate | null, signal?: AbortSignal): Promise<JobList> {
  return api.get('/api/technicians/me/jobs', { query: date === null ? {} : { date }, signal });
}

/** The caller's clock: the entry running, or none (technicians). */
export function fetchMyClock(signal?: AbortSignal): Promise<ClockState> {
  return api.get('/api/technicians/me/clock', { signal });
}

/** Clocks the caller on one of their open jobs, closing the clock of another job (technicians). */
export function clockOn(serviceId: string): Promise<ClockState> {
  return api.post('/api/technicians/me/clock_on', { body: { service_id: serviceId } });
}

/** Stops the caller's clock; answers the entry it closed (technicians). */
export function clockOff(): Promise<TimeEntry> {
  return api.post('/api/technicians/me/clock_off');
}

/**
 * Closes a technician's forgotten clock at `endedAt` (now when absent), staff. The body is
 * optional in the document, which the typed client cannot send: it goes through `apiRequest`.
 */
export function closeClock(technicianId: string, endedAt?: Timestamp): Promise<TimeEntry> {
  return apiRequest<TimeEntry>(`/api/technicians/${encodeURIComponent(technicianId)}/clock_off`, {
    method: 'POST',
    body: endedAt === undefined ? {} : { ended_at: endedAt },
  });
}

/** Each technician's hours from `from` to `to`, per garage day, and how much is billed (staff; 93 days at most). */
export function fetchHours(from: CalendarDate, to: CalendarDate, signal?: AbortSignal): Promise<HoursReport> {
  return api.get('/api/technicians/hours', { query: { from, to }, signal });
}

/** Every time entry from `from` to `to`, as CSV (admins). */
export async function exportHoursCsv(from: CalendarDate, to: CalendarDate): Promise<Blob> {
  const response = await apiFetch('/api/technicians/hours/export', { query: { from, to }, headers: { Accept: 'text/csv' } });
  return response.blob();
}
