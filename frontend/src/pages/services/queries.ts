import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchJobTime, fetchService, listServices } from '../../api/services';
import type { Service, ServiceQuery } from '../../api/types';
import { useInvalidate } from '../../hooks/useInvalidate';

/** Root query key of the services. */
export const SERVICES_KEY = ['services'] as const;

/** The query key of one service. */
export const serviceKey = (id: string) => [...SERVICES_KEY, 'detail', id] as const;

/** A page of services; the previous page stays shown while the next loads. */
export function useServiceList(params: ServiceQuery, enabled = true) {
  return useQuery({
    queryKey: [...SERVICES_KEY, 'list', params],
    queryFn: ({ signal }) => listServices(params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One service. */
export function useService(id: string) {
  return useQuery({ queryKey: serviceKey(id), queryFn: ({ signal }) => fetchService(id, signal) });
}

/**
 * The time recorded on a job; under the service's key, so that a change to the service
 * (billed time, a completion that stops the clock) refreshes it.
 */
export function useJobTime(id: string) {
  return useQuery({ queryKey: [...serviceKey(id), 'time'], queryFn: ({ signal }) => fetchJobTime(id, signal) });
}

/**
 * A change to a service that answers the changed service: the answer replaces the
 * cached one at once, and everything a service feeds is refreshed.
 */
export function useServiceChange<Input>(change: (input: Input) => Promise<Service>) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: change,
    onSuccess: async (service) => {
      queryClient.setQueryData(serviceKey(service.id), service);
      await invalidate('services', 'cars', 'customers', 'invoices', 'statistics');
    },
  });
}
