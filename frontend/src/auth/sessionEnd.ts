import type { ApiError } from '../api/errors';

/** Why a session ended without the user logging out, for the login page to say. */
export type SessionEnd = { reason: 'expired' } | { reason: 'idle'; minutes: number };

/** Where a tab that ends the session tells the other tabs, which share it. */
export const SESSION_ENDED_KEY = 'ecar.sessionEnded';

/** The idle limit in whole minutes, as the messages give it. */
export function idleEnding(idleTimeoutSeconds: number): SessionEnd {
  return { reason: 'idle', minutes: Math.round(idleTimeoutSeconds / 60) };
}

/**
 * Why the server refused a refresh. A session ended for inactivity says so in the
 * detail ("The session ended after 30 minutes without activity; log in again.");
 * any other refusal reads as an expired session.
 */
export function endingOfRefusal(refusal: ApiError): SessionEnd {
  const minutes = /after (\d+) minutes without activity/i.exec(refusal.detail ?? '')?.[1];
  return minutes === undefined ? { reason: 'expired' } : { reason: 'idle', minutes: Number(minutes) };
}

/** Tells the other tabs that this one ended the session (null: the user logged out). */
export function announceSessionEnded(ending: SessionEnd | null): void {
  try {
    // The time makes every announcement a new value: `storage` fires on changes only.
    window.localStorage.setItem(SESSION_ENDED_KEY, JSON.stringify({ ending, at: Date.now() }));
  } catch {
    // Storage disabled: the other tabs learn it at their next refresh, which is refused.
  }
}

/** Calls `listener` when another tab ends the session, with why. */
export function onSessionEndedElsewhere(listener: (ending: SessionEnd | null) => void): () => void {
  const handle = (event: StorageEvent) => {
    if (event.key === SESSION_ENDED_KEY && event.newValue !== null) listener(readEnding(event.newValue));
  };
  window.addEventListener('storage', handle);
  return () => window.removeEventListener('storage', handle);
}

/** The ending in an announcement; anything unexpected reads as a plain logout. */
function readEnding(text: string): SessionEnd | null {
  try {
    const ending = (JSON.parse(text) as { ending?: unknown }).ending;
    if (typeof ending !== 'object' || ending === null) return null;
    const { reason, minutes } = ending as Record<string, unknown>;
    if (reason === 'expired') return { reason };
    if (reason === 'idle' && typeof minutes === 'number') return { reason, minutes };
    return null;
  } catch {
    return null;
  }
}
