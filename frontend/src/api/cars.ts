import { api, apiFetch, ifMatch } from './client';
import { uploadWithProgress } from './upload';
import type {
  CarBulkReport,
  Car,
  CarCreate,
  CarQuery,
  CarStatistics,
  CarUpdate,
  MileageReading,
  Page,
  PageParams,
  Service,
  ServicePrediction,
} from './types';

/** One page of cars (staff: all; a customer: their own). */
export function listCars(params: CarQuery, signal?: AbortSignal): Promise<Page<Car>> {
  return api.get('/api/cars', { query: { ...params, search: params.search?.trim() || undefined }, signal });
}

/** One car. */
export function fetchCar(id: string, signal?: AbortSignal): Promise<Car> {
  return api.get('/api/cars/{id}', { path: { id }, signal });
}

/** Adds a car to a customer. */
export function createCar(body: CarCreate): Promise<Car> {
  return api.post('/api/cars', { body });
}

/** Changes a car at the version shown. */
export function updateCar(id: string, version: number, body: CarUpdate): Promise<Car> {
  return api.patch('/api/cars/{id}', { path: { id }, body, headers: ifMatch(version) });
}

/** Deletes a car. */
export async function deleteCar(id: string): Promise<void> {
  await api.delete('/api/cars/{id}', { path: { id } });
}

/** The services of a car. */
export function fetchCarServices(id: string, params: PageParams, signal?: AbortSignal): Promise<Page<Service>> {
  return api.get('/api/cars/{id}/services', {
    path: { id },
    query: { limit: params.limit, cursor: params.cursor ?? undefined },
    signal,
  });
}

/** Service count, spending and mileage of a car. */
export function fetchCarStatistics(id: string, signal?: AbortSignal): Promise<CarStatistics> {
  return api.get('/api/cars/{id}/statistics', { path: { id }, signal });
}

/** Records an odometer reading; a reading below the last one is refused (400). */
export function reportMileage(id: string, mileage: number): Promise<Car> {
  return api.post('/api/cars/{id}/report_mileage', { path: { id }, body: { mileage } });
}

/** The odometer readings of a car, oldest first (up to `limit`). */
export function fetchMileageHistory(id: string, limit: number, signal?: AbortSignal): Promise<Page<MileageReading>> {
  return api.get('/api/cars/{id}/mileage_history', { path: { id }, query: { limit }, signal });
}

/** When and at what mileage the next service is due, and why. */
export function fetchNextServicePrediction(id: string, signal?: AbortSignal): Promise<ServicePrediction> {
  return api.get('/api/cars/{id}/next_service_prediction', { path: { id }, signal });
}

/** Imports cars from CSV text (admin), reporting upload progress: valid rows are created, the others reported. */
export function importCarsCsv(csv: string, onProgress: (fraction: number) => void): Promise<CarBulkReport> {
  return uploadWithProgress<CarBulkReport>('/api/cars/bulk_create', {}, { body: csv, contentType: 'text/csv', onProgress });
}

/** Every car as CSV (admin). */
export async function exportCarsCsv(): Promise<Blob> {
  const response = await apiFetch('/api/cars/export', { headers: { Accept: 'text/csv' } });
  return response.blob();
}
