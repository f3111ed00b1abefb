import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchRequest, listRequests } from '../../api/requests';
import type { RequestQuery, ServiceRequest } from '../../api/types';
import { useInvalidate } from '../../hooks/useInvalidate';

/** Root query key of the customers' requests. */
export const REQUESTS_KEY = ['appointmentRequests'] as const;

/** The query key of one request. */
export const requestKey = (id: string) => [...REQUESTS_KEY, 'detail', id] as const;

/** How many open requests the staff menu counts at most (more show as "99+"). */
const OPEN_COUNT_LIMIT = 100;

/** How often the staff menu asks again for the open requests, in ms. */
const OPEN_COUNT_POLL_MS = 60_000;

/** One page of requests. */
export function useRequests(params: RequestQuery) {
  return useQuery({
    queryKey: [...REQUESTS_KEY, 'list', params],
    queryFn: ({ signal }) => listRequests(params, signal),
    placeholderData: keepPreviousData,
  });
}

/** One request. */
export function useRequest(id: string) {
  return useQuery({ queryKey: requestKey(id), queryFn: ({ signal }) => fetchRequest(id, signal) });
}

/** The number of open requests for the staff menu (up to 100; `more` when there are more). */
export function useOpenRequestCount(enabled: boolean) {
  return useQuery({
    queryKey: [...REQUESTS_KEY, 'openCount'],
    queryFn: async ({ signal }) => {
      const page = await listRequests({ status: 'open', limit: OPEN_COUNT_LIMIT }, signal);
      return { count: page.results.length, more: Boolean(page.next_cursor) };
    },
    enabled,
    refetchInterval: OPEN_COUNT_POLL_MS,
  });
}

/**
 * A change to a request that answers it: the answer replaces the cached one and the lists
 * are refreshed, with what the outcome made: an appointment (the calendar and the slots),
 * or a service (the services, the car, the dashboard).
 */
export function useRequestChange<Input>(change: (input: Input) => Promise<ServiceRequest>) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: change,
    onSuccess: async (request) => {
      queryClient.setQueryData(requestKey(request.id), request);
      const roots =
        request.status === 'booked'
          ? ['appointments']
          : request.status === 'serviced'
            ? ['services', 'cars', 'customers', 'statistics']
            : [];
      await invalidate(REQUESTS_KEY[0], ...roots);
    },
  });
}
