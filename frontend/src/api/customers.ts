import { api, apiFetch, ifMatch } from './client';
import { uploadWithProgress } from './upload';
import type {
  CustomerBulkReport,
  Car,
  Customer,
  CustomerCreate,
  CustomerQuery,
  CustomerStatistics,
  CustomerUpdate,
  Page,
  PageParams,
  Service,
} from './types';

/** One page of customers (staff). */
export function listCustomers(params: CustomerQuery, signal?: AbortSignal): Promise<Page<Customer>> {
  return api.get('/api/customers', { query: { ...params, search: params.search?.trim() || undefined }, signal });
}

/** One customer (staff, or the customer themself). */
export function fetchCustomer(id: string, signal?: AbortSignal): Promise<Customer> {
  return api.get('/api/customers/{id}', { path: { id }, signal });
}

/** Creates a customer and their login account. */
export function createCustomer(body: CustomerCreate): Promise<Customer> {
  return api.post('/api/customers', { body });
}

/** Updates a customer, refused with 409 if someone changed it since `version`. */
export function updateCustomer(id: string, version: number, body: CustomerUpdate): Promise<Customer> {
  return api.patch('/api/customers/{id}', { path: { id }, body, headers: ifMatch(version) });
}

/** Deletes a customer (409 while they have unpaid invoices). */
export async function deleteCustomer(id: string): Promise<void> {
  await api.delete('/api/customers/{id}', { path: { id } });
}

/** The logged-in customer's own profile. */
export function fetchMyCustomer(signal?: AbortSignal): Promise<Customer> {
  return api.get('/api/customers/me', { signal });
}

/** A customer's counts and amounts. */
export function fetchCustomerStatistics(id: string, signal?: AbortSignal): Promise<CustomerStatistics> {
  return api.get('/api/customers/{id}/statistics', { path: { id }, signal });
}

/** The services on all of a customer's cars, newest first. */
export function fetchServiceHistory(id: string, params: PageParams, signal?: AbortSignal): Promise<Page<Service>> {
  return api.get('/api/customers/{id}/service_history', {
    path: { id },
    query: { limit: params.limit, cursor: params.cursor ?? undefined },
    signal,
  });
}

/** A customer's cars. */
export function fetchCustomerCars(id: string, params: PageParams, signal?: AbortSignal): Promise<Page<Car>> {
  return api.get('/api/customers/{id}/cars', {
    path: { id },
    query: { limit: params.limit, cursor: params.cursor ?? undefined },
    signal,
  });
}

/** Changes a customer's address (staff, or the customer themself). */
export function updateAddress(id: string, version: number, address: string): Promise<Customer> {
  return api.patch('/api/customers/{id}/update_address', {
    path: { id },
    body: { address },
    headers: ifMatch(version),
  });
}

/** Imports customers from CSV text (admin), reporting upload progress: valid rows are created, the others reported. */
export function importCustomersCsv(csv: string, onProgress: (fraction: number) => void): Promise<CustomerBulkReport> {
  return uploadWithProgress<CustomerBulkReport>('/api/customers/bulk_create', {}, { body: csv, contentType: 'text/csv', onProgress });
}

/** Every customer as CSV (admin). */
export async function exportCustomersCsv(): Promise<Blob> {
  const response = await apiFetch('/api/customers/export', { headers: { Accept: 'text/csv' } });
  return response.blob();
}
