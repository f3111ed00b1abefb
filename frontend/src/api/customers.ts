import { apiRequest, ifMatch } from './client';
import type { Customer, CustomerCreate, CustomerUpdate, Page, PageParams } from './types';

/** Filters of the customers list. */
export interface CustomerListParams extends PageParams {
  search?: string;
}

/** One page of customers (staff). */
export function listCustomers(
  params: CustomerListParams,
  signal?: AbortSignal,
): Promise<Page<Customer>> {
  return apiRequest<Page<Customer>>('/customers/', {
    query: { search: params.search?.trim(), limit: params.limit, cursor: params.cursor },
    signal,
  });
}

/** Creates a customer and their login account. */
export function createCustomer(body: CustomerCreate): Promise<Customer> {
  return apiRequest<Customer>('/customers/', { method: 'POST', body });
}

/** Updates a customer, refused with 409 if someone changed it since `version`. */
export function updateCustomer(
  id: string,
  version: number,
  body: CustomerUpdate,
): Promise<Customer> {
  return apiRequest<Customer>(`/customers/${encodeURIComponent(id)}/`, {
    method: 'PATCH',
    body,
    headers: ifMatch(version),
  });
}

/** Deletes a customer (409 while they have unpaid invoices). */
export function deleteCustomer(id: string): Promise<void> {
  return apiRequest<void>(`/customers/${encodeURIComponent(id)}/`, { method: 'DELETE' });
}

/** The logged-in customer's own profile. */
export function fetchMyCustomer(signal?: AbortSignal): Promise<Customer> {
  return apiRequest<Customer>('/customers/me/', { signal });
}
