import { ApiError } from './errors';
import { postJson, REFRESH_MODE_HEADER } from './http';

// The access token lives only in this module's memory: never in localStorage, so a
// script injected into the page cannot read a stored token. A reload restores the
// session from the HttpOnly refresh cookie instead.
let accessToken: string | null = null;
let refreshInFlight: Promise<string | null> | null = null;
const expiryListeners = new Set<() => void>();

/** Name of the Web Lock that keeps two tabs from spending the same refresh cookie. */
const REFRESH_LOCK = 'ecar-token-refresh';

/** The current access token, if the user is logged in. */
export function getAccessToken(): string | null {
  return accessToken;
}

/** Stores (or forgets, with null) the access token. */
export function setAccessToken(token: string | null): void {
  accessToken = token;
}

/** Calls `listener` when the session ends without the user asking (refresh refused). */
export function onSessionExpired(listener: () => void): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

/**
 * Gets a new access token from the refresh cookie. Concurrent callers share one
 * request: the server rotates the refresh token on every use and revokes the whole
 * session when a spent one comes back, so two parallel refreshes would log the user out.
 *
 * Resolves to the new token, or to null when the server refused the refresh (the
 * session is over; if one was open, the expiry listeners are told). Rejects with an
 * ApiError on a transient failure (network, 429, 5xx), which keeps the session.
 */
export function refreshAccessToken(): Promise<string | null> {
  refreshInFlight ??= runRefresh().finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

/**
 * The token to retry a request with after it got a 401 while sent with `usedToken`:
 * the current one if another caller already refreshed it meanwhile, else a fresh one.
 */
export function renewAccessToken(usedToken: string | null): Promise<string | null> {
  if (refreshInFlight === null && accessToken !== null && accessToken !== usedToken) {
    return Promise.resolve(accessToken);
  }
  return refreshAccessToken();
}

async function runRefresh(): Promise<string | null> {
  const hadSession = accessToken !== null;
  try {
    const { access } = await withRefreshLock(() =>
      postJson('/api/token/refresh', {}, REFRESH_MODE_HEADER),
    );
    accessToken = access;
    return access;
  } catch (error) {
    if (!isRefusal(error)) throw error;
    accessToken = null;
    if (hadSession) expiryListeners.forEach((listener) => listener());
    return null;
  }
}

/** A 4xx other than 429 means the refresh cookie is missing, spent or revoked. */
function isRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
}

async function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (locks === undefined) return task();
  // The lock is held until the task settles, i.e. until the new cookie is stored.
  return await locks.request(REFRESH_LOCK, task);
}
