import { useCallback, useState } from 'react';

/** Next/previous navigation over cursor-paginated lists. */
export interface CursorPages {
  /** Cursor of the page shown (null: the first page). */
  cursor: string | null;
  /** 1-based number of the page shown. */
  pageNumber: number;
  hasPrevious: boolean;
  goNext: (nextCursor: string) => void;
  goPrevious: () => void;
}

const FIRST_PAGE: (string | null)[] = [null];

/**
 * Keeps the cursors of the pages already visited, since the API only hands out the
 * next one. A new `resetKey` (e.g. the search text) starts again from the first page,
 * in the same render, so no request goes out with a cursor of the old query.
 */
export function useCursorPages(resetKey: string): CursorPages {
  const [state, setState] = useState({ key: resetKey, stack: FIRST_PAGE });
  const stack = state.key === resetKey ? state.stack : FIRST_PAGE;

  const goNext = useCallback(
    (nextCursor: string) => {
      setState((previous) => ({
        key: resetKey,
        stack: [...(previous.key === resetKey ? previous.stack : FIRST_PAGE), nextCursor],
      }));
    },
    [resetKey],
  );
  const goPrevious = useCallback(() => {
    setState((previous) => ({
      key: resetKey,
      stack: previous.key === resetKey && previous.stack.length > 1 ? previous.stack.slice(0, -1) : FIRST_PAGE,
    }));
  }, [resetKey]);

  return {
    cursor: stack[stack.length - 1] ?? null,
    pageNumber: stack.length,
    hasPrevious: stack.length > 1,
    goNext,
    goPrevious,
  };
}
