import { api, apiRequest, ifMatch } from './client';
import type {
  BillTime,
  Channel,
  Completion,
  ItemCreate,
  ItemUpdate,
  JobTime,
  NotesUpdate,
  Page,
  Service,
  ServiceCreate,
  ServiceQuery,
  ServiceStatistics,
} from './types';

/** One page of services (staff: all; a customer: their own). */
export function listServices(params: ServiceQuery, signal?: AbortSignal): Promise<Page<Service>> {
  return api.get('/api/services', { query: { ...params, search: params.search?.trim() || undefined }, signal });
}

/** One service. */
export function fetchService(id: string, signal?: AbortSignal): Promise<Service> {
  return api.get('/api/services/{id}', { path: { id }, signal });
}

/** Books a service on a car: it starts `scheduled`. */
export function scheduleService(body: ServiceCreate): Promise<Service> {
  return api.post('/api/services', { body });
}

/** Deletes a service (only while scheduled or cancelled). */
export async function deleteService(id: string): Promise<void> {
  await api.delete('/api/services/{id}', { path: { id } });
}

/** Adds a part or labour line; answers the whole service. */
export function addItem(service: Service, body: ItemCreate): Promise<Service> {
  return api.post('/api/services/{id}/items', {
    path: { id: service.id },
    body,
    headers: ifMatch(service.version),
  });
}

/** Changes a line; answers the whole service. */
export function updateItem(service: Service, itemId: string, body: ItemUpdate): Promise<Service> {
  return api.patch('/api/services/{id}/items/{item_id}', {
    path: { id: service.id, item_id: itemId },
    body,
    headers: ifMatch(service.version),
  });
}

/** Removes a line; answers the whole service. */
export function removeItem(service: Service, itemId: string): Promise<Service> {
  return api.delete('/api/services/{id}/items/{item_id}', {
    path: { id: service.id, item_id: itemId },
    headers: ifMatch(service.version),
  });
}

/** `scheduled → in_progress`. */
export function startService(service: Service): Promise<Service> {
  return api.post('/api/services/{id}/start', { path: { id: service.id }, headers: ifMatch(service.version) });
}

/** `scheduled|in_progress → completed`; notifies the customer. */
export function completeService(service: Service, body: Completion): Promise<Service> {
  return api.post('/api/services/{id}/complete', { path: { id: service.id }, body, headers: ifMatch(service.version) });
}

/** Assigns the work to a technician, or to nobody (`null`); refused once completed or cancelled. */
export function assignService(service: Service, technicianId: string | null): Promise<Service> {
  return api.post('/api/services/{id}/assign', {
    path: { id: service.id },
    body: { technician_id: technicianId },
    headers: ifMatch(service.version),
  });
}

/** Replaces the technician's notes (staff, or the assigned technician while the work is open). */
export function writeTechnicianNotes(service: Service, notes: string): Promise<Service> {
  const body: NotesUpdate = { technician_notes: notes };
  return api.post('/api/services/{id}/notes', { path: { id: service.id }, body, headers: ifMatch(service.version) });
}

/** Cancels a service that is not completed or cancelled. */
export function cancelService(service: Service, reason: string): Promise<Service> {
  return api.post('/api/services/{id}/cancel', {
    path: { id: service.id },
    body: { reason },
    headers: ifMatch(service.version),
  });
}

/** Moves a service that is not completed or cancelled to another day. */
export function rescheduleService(service: Service, scheduledDate: string): Promise<Service> {
  return api.post('/api/services/{id}/reschedule', {
    path: { id: service.id },
    body: { scheduled_date: scheduledDate },
    headers: ifMatch(service.version),
  });
}

/** Sends a message about the service to the car's owner. */
export async function sendServiceNotification(id: string, channels: Channel[], message?: string): Promise<void> {
  await api.post('/api/services/{id}/send_notification', { path: { id }, body: { channels, message } });
}

/** The services dashboard figures (staff). */
export function fetchServiceStatistics(signal?: AbortSignal): Promise<ServiceStatistics> {
  return api.get('/api/services/statistics', { signal });
}

/** The time recorded on a job: its closed entries, total and unbilled hours (staff, and its technician). */
export function fetchJobTime(id: string, signal?: AbortSignal): Promise<JobTime> {
  return api.get('/api/services/{id}/time', { path: { id }, signal });
}

/**
 * Turns the job's unbilled time into one labour line (staff); answers the whole service.
 * The body is optional in the document, which the typed client cannot send.
 */
export function billTime(service: Service, body: BillTime): Promise<Service> {
  return apiRequest<Service>(`/api/services/${encodeURIComponent(service.id)}/bill_time`, {
    method: 'POST',
    body,
    headers: ifMatch(service.version),
  });
}
