// The time of the user's last activity, shared by every tab of the app: they share one
// session (the refresh cookie), so activity in one tab must keep the others from
// ending it. localStorage carries it to the other tabs (its `storage` event); this
// tab's own listeners are told directly, as the event only reaches the other tabs.

/** Where the time (ms since the epoch) of the last activity in any tab is kept. */
export const LAST_ACTIVITY_KEY = 'ecar.lastActivity';

const listeners = new Set<(at: number) => void>();

/** Records activity at `at` (now by default), for this tab and the others. */
export function recordActivity(at: number = Date.now()): void {
  try {
    window.localStorage.setItem(LAST_ACTIVITY_KEY, String(at));
  } catch {
    // Storage disabled (private mode): only this tab will know.
  }
  listeners.forEach((listener) => listener(at));
}

/** Calls `listener` with the time of each activity recorded, in this tab or another. */
export function onActivity(listener: (at: number) => void): () => void {
  const fromOtherTab = (event: StorageEvent) => {
    if (event.key !== LAST_ACTIVITY_KEY || event.newValue === null) return;
    const at = Number(event.newValue);
    if (Number.isFinite(at)) listener(at);
  };
  listeners.add(listener);
  window.addEventListener('storage', fromOtherTab);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', fromOtherTab);
  };
}
