import { ApiError } from './errors';
import { postJson, REFRESH_MODE_HEADER } from './http';

// The access token lives only in this module's memory: never in localStorage, so a
// script injected into the page cannot read a stored token. A reload restores the
// session from the HttpOnly refresh cookie instead.
let accessToken: string | null = null;
let refreshInFlight: Promise<string | null> | null = null;
const expiryListeners = new Set<(refusal: ApiError) => void>();
const renewalListeners = new Set<(idleTimeoutSeconds: number | null) => void>();
// How long the server lets this session go without a refresh (staff and admins), as
// the last login or refresh answered; null: no limit (customers, or an older server).
let idleTimeoutSeconds: number | null = null;
// When this tab last got a token from the server (login or refresh), in ms since the
// epoch: the server measures a session's idleness from its last refresh.
let renewedAt = 0;

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

/** The session's idle limit in seconds, as the last login or refresh gave it; null: none. */
export function getIdleTimeoutSeconds(): number | null {
  return idleTimeoutSeconds;
}

/** When this tab last got a token from the server (ms since the epoch; 0: never). */
export function getRenewedAt(): number {
  return renewedAt;
}

/**
 * Notes a token the server just gave (login or refresh) and the idle limit it answered
 * with (`undefined`: a server that sends none).
 */
export function noteRenewal(seconds: number | null | undefined): void {
  idleTimeoutSeconds = seconds ?? null;
  renewedAt = Date.now();
}

/**
 * Calls `listener` when the session ends without the user asking (refresh refused),
 * with the server's refusal (its detail may say why).
 */
export function onSessionExpired(listener: (refusal: ApiError) => void): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

/** Calls `listener` with the idle limit each successful refresh answers with. */
export function onSessionRenewed(listener: (idleTimeoutSeconds: number | null) => void): () => void {
  renewalListeners.add(listener);
  return () => renewalListeners.delete(listener);
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
    const renewal = await withRefreshLock(() =>
      postJson('/api/token/refresh', {}, REFRESH_MODE_HEADER),
    );
    accessToken = renewal.access;
    noteRenewal(renewal.idle_timeout_seconds);
    renewalListeners.forEach((listener) => listener(idleTimeoutSeconds));
    return renewal.access;
  } catch (error) {
    if (!isRefusal(error)) throw error;
    accessToken = null;
    if (hadSession) expiryListeners.forEach((listener) => listener(error));
    return null;
  }
}

/** A 4xx other than 429 means the refresh cookie is missing, spent or revoked. */
function isRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
}

async function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (locks === undefined) return task();
  // The lock is held until the task settles, i.e. until the new cookie is stored.
  return await locks.request(REFRESH_LOCK, task);
}
