import { useCallback } from 'react';
import { useQueryClient } from '@tanstack/react-query';

/**
 * Marks every query under the given roots stale (e.g. `['services']`). A change to one
 * resource shows in others (a completed service changes its car, its customer's
 * figures, the dashboard), so mutations refresh all the roots they touch.
 */
export function useInvalidate(): (...roots: string[]) => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(
    async (...roots: string[]) => {
      await Promise.all(roots.map((root) => queryClient.invalidateQueries({ queryKey: [root] })));
    },
    [queryClient],
  );
}
