import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createCustomer,
  deleteCustomer,
  listCustomers,
  updateCustomer,
} from '../../api/customers';
import type { Customer, CustomerCreate, CustomerQuery, CustomerUpdate } from '../../api/types';

/** Root query key of everything customer-related. */
export const CUSTOMERS_KEY = ['customers'] as const;

/** A page of the customers list; the previous page stays shown while the next loads. */
export function useCustomerList(params: CustomerQuery) {
  return useQuery({
    queryKey: [...CUSTOMERS_KEY, 'list', params],
    queryFn: ({ signal }) => listCustomers(params, signal),
    placeholderData: keepPreviousData,
  });
}

/** Creates a customer, then refreshes the lists. */
export function useCreateCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomerCreate) => createCustomer(body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CUSTOMERS_KEY }),
  });
}

/** Updates a customer at the version the user edited, then refreshes the lists. */
export function useUpdateCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ customer, changes }: { customer: Customer; changes: CustomerUpdate }) =>
      updateCustomer(customer.id, customer.version, changes),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CUSTOMERS_KEY }),
  });
}

/** Deletes a customer, then refreshes the lists. */
export function useDeleteCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteCustomer(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CUSTOMERS_KEY }),
  });
}
