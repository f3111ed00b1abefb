import { api, ifMatch } from './client';
import type { Page, PendingCar, PendingCarCreate, PendingCarQuery } from './types';

// Cars customers add themselves: they wait for the garage's approval, which registers
// them as cars under the same id, or for a refusal with a reason the customer receives.
// Until approved, such a car is not a car: it cannot be booked nor serviced.

/** One page, newest first: a customer's own (any status), or staff's in one status (`pending` by default). */
export function listPendingCars(params: PendingCarQuery, signal?: AbortSignal): Promise<Page<PendingCar>> {
  return api.get('/api/cars/pending', { query: params, signal });
}

/** Adds one of the caller's cars for the garage to approve (customers). */
export function addCar(body: PendingCarCreate): Promise<PendingCar> {
  return api.post('/api/cars/pending', { body });
}

/** `pending → approved`: the car is registered under the same id (staff). */
export function approveCar(car: PendingCar): Promise<PendingCar> {
  return api.post('/api/cars/pending/{id}/approve', { path: { id: car.id }, headers: ifMatch(car.version) });
}

/** `pending → rejected`, with the reason the customer receives (staff). */
export function rejectCar(car: PendingCar, reason: string): Promise<PendingCar> {
  return api.post('/api/cars/pending/{id}/reject', {
    path: { id: car.id },
    body: { reason },
    headers: ifMatch(car.version),
  });
}

/** Withdraws a car still waiting, or clears away one turned down (the customer who added it). */
export async function withdrawCar(car: PendingCar): Promise<void> {
  await api.delete('/api/cars/pending/{id}', { path: { id: car.id }, headers: ifMatch(car.version) });
}
