import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { isApiError } from '../../api/errors';
import { listPendingCars } from '../../api/pendingCars';
import type { PendingCarQuery } from '../../api/types';
import { useInvalidate } from '../../hooks/useInvalidate';
import { CARS_KEY } from './queries';

/**
 * Root query key of the cars customers added. It sits under the cars' root: whatever
 * refreshes the cars (an approval adds one) refreshes these lists too.
 */
export const PENDING_CARS_KEY = [...CARS_KEY, 'pending'] as const;

/** How many waiting cars the staff menu counts at most (more show as "99+"). */
const WAITING_COUNT_LIMIT = 100;

/** How often the staff menu asks again for the waiting cars, in ms. */
const WAITING_COUNT_POLL_MS = 60_000;

/** One page of the cars customers added. */
export function usePendingCars(params: PendingCarQuery) {
  return useQuery({
    queryKey: [...PENDING_CARS_KEY, 'list', params],
    queryFn: ({ signal }) => listPendingCars(params, signal),
    placeholderData: keepPreviousData,
  });
}

/** The number of cars waiting for approval, for the staff menu (up to 100; `more` when there are more). */
export function useWaitingCarCount(enabled: boolean) {
  return useQuery({
    queryKey: [...PENDING_CARS_KEY, 'waitingCount'],
    queryFn: async ({ signal }) => {
      const page = await listPendingCars({ status: 'pending', limit: WAITING_COUNT_LIMIT }, signal);
      return { count: page.results.length, more: Boolean(page.next_cursor) };
    },
    enabled,
    refetchInterval: WAITING_COUNT_POLL_MS,
  });
}

/**
 * A change to a car a customer added (add, approve, turn down, withdraw): the lists are
 * refreshed, with the cars and the customers, since an approval registers a car. After a
 * conflict (someone acted on it meanwhile) the lists are refreshed too, to show where it
 * is now; the dialogs stay open, being outside the lists.
 */
export function usePendingCarChange<Input, Output>(change: (input: Input) => Promise<Output>) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: change,
    onSuccess: () => invalidate(CARS_KEY[0], 'customers'),
    onError: (error) => {
      if (isApiError(error, 409)) void invalidate(CARS_KEY[0]);
    },
  });
}
