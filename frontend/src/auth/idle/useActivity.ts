import { useEffect, useRef, useState } from 'react';
import { onActivity, recordActivity } from './activity';

/** What counts as the user's activity. */
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/** Activity is recorded at most this often: a scroll fires many events, each a storage write. */
const ACTIVITY_THROTTLE_MS = 5_000;

/**
 * The time of the last activity recorded in any tab. It starts now: logging in or
 * restoring the session (a page load) is the user's doing.
 */
export function useLastActivity(): number {
  const [lastActivity, setLastActivity] = useState(() => Date.now());
  useEffect(() => {
    const stopListening = onActivity((at) => setLastActivity((last) => Math.max(last, at)));
    recordActivity();
    return stopListening;
  }, []);
  return lastActivity;
}

/**
 * Records the user's pointer, key, wheel and touch events as activity, while `enabled`,
 * and calls `onRecorded` each time it records one.
 */
export function useRecordUserActivity(enabled: boolean, onRecorded: () => void): void {
  // The latest callback, without re-adding the listeners at each render.
  const onRecordedRef = useRef(onRecorded);
  useEffect(() => {
    onRecordedRef.current = onRecorded;
  });
  useEffect(() => {
    if (!enabled) return;
    let recordedAt = 0;
    const onUserEvent = () => {
      const now = Date.now();
      if (now - recordedAt < ACTIVITY_THROTTLE_MS) return;
      recordedAt = now;
      recordActivity(now);
      onRecordedRef.current();
    };
    for (const type of ACTIVITY_EVENTS) {
      window.addEventListener(type, onUserEvent, { capture: true, passive: true });
    }
    return () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onUserEvent, { capture: true });
    };
  }, [enabled]);
}
