import { useEffect } from 'react';
import { recordActivity } from './activity';

/** Well within the shortest idle limit the server allows (over 5 minutes). */
const HEARTBEAT_MS = 60_000;

/**
 * For a screen meant to be left open: while it is displayed it counts as activity, so
 * the idle watcher ends neither this tab's session nor, through the shared activity
 * time, the session of the user's other tabs (they share it: ending it there would
 * log this screen out too).
 */
export function useKeepSessionAwake(): void {
  useEffect(() => {
    recordActivity();
    const timer = setInterval(() => recordActivity(), HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, []);
}
