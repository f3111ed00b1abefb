import { api, apiRequest, ifMatch } from './client';
import type {
  Page,
  RequestBook,
  RequestClose,
  RequestCreate,
  RequestOpenService,
  RequestQuery,
  ServiceRequest,
  Timestamp,
} from './types';

// A customer's requests to the garage: a problem with one of their cars and the days that
// suit them, which staff book into a slot, turn into a service or answer and close.

/** One page of requests, newest first: a customer's own (any status), or staff's in one status (`open` by default). */
export function listRequests(params: RequestQuery, signal?: AbortSignal): Promise<Page<ServiceRequest>> {
  return api.get('/api/appointments/requests', { query: params, signal });
}

/** One request (staff, or the customer who made it). */
export function fetchRequest(id: string, signal?: AbortSignal): Promise<ServiceRequest> {
  return api.get('/api/appointments/requests/{id}', { path: { id }, signal });
}

/** Asks the garage about one of the caller's cars (customers). */
export function createRequest(body: RequestCreate): Promise<ServiceRequest> {
  return api.post('/api/appointments/requests', { body });
}

/** `open → booked`: a confirmed appointment in the free slot starting at `startsAt` (staff). */
export function bookRequest(request: ServiceRequest, startsAt: Timestamp): Promise<ServiceRequest> {
  const body: RequestBook = { starts_at: startsAt };
  return api.post('/api/appointments/requests/{id}/book', {
    path: { id: request.id },
    body,
    headers: ifMatch(request.version),
  });
}

/** `open → serviced`: opens a service on the request's car (staff). */
export function openServiceForRequest(request: ServiceRequest, body: RequestOpenService): Promise<ServiceRequest> {
  return api.post('/api/appointments/requests/{id}/open_service', {
    path: { id: request.id },
    body,
    headers: ifMatch(request.version),
  });
}

/** `open → closed`, with the answer the customer receives (staff). */
export function closeRequest(request: ServiceRequest, answer: string): Promise<ServiceRequest> {
  const body: RequestClose = { answer };
  return api.post('/api/appointments/requests/{id}/close', {
    path: { id: request.id },
    body,
    headers: ifMatch(request.version),
  });
}

/** `open → withdrawn` (the customer who made it). The body is optional: the version goes in `If-Match`. */
export function withdrawRequest(request: ServiceRequest): Promise<ServiceRequest> {
  return apiRequest<ServiceRequest>(`/api/appointments/requests/${encodeURIComponent(request.id)}/withdraw`, {
    method: 'POST',
    headers: ifMatch(request.version),
  });
}
