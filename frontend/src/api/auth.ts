import { api } from './client';
import { postJson, REFRESH_MODE_HEADER } from './http';
import { getIdleTimeoutSeconds, noteRenewal, refreshAccessToken, setAccessToken } from './session';
import type { User } from './types';

/** A logged-in user and how long their session may stay idle. */
export interface Session {
  user: User;
  /** Seconds without activity after which the session ends (staff and admins); null: never. */
  idleTimeoutSeconds: number | null;
}

/** Logs in; the server sets the refresh cookie and returns the access token and user. */
export async function login(username: string, password: string): Promise<Session> {
  const answer = await postJson('/api/token', { username, password }, REFRESH_MODE_HEADER);
  setAccessToken(answer.access);
  noteRenewal(answer.idle_timeout_seconds);
  return { user: answer.user, idleTimeoutSeconds: getIdleTimeoutSeconds() };
}

/** Revokes the session on the server (best effort) and forgets the access token. */
export async function logout(): Promise<void> {
  try {
    await api.post('/api/token/blacklist', { body: {}, headers: REFRESH_MODE_HEADER });
  } finally {
    setAccessToken(null);
  }
}

/** Restores a session from the refresh cookie on start; null when there is none. */
export async function restoreSession(): Promise<Session | null> {
  try {
    if ((await refreshAccessToken()) === null) return null;
    return { user: await fetchCurrentUser(), idleTimeoutSeconds: getIdleTimeoutSeconds() };
  } catch {
    setAccessToken(null);
    return null;
  }
}

/** The logged-in user. */
export function fetchCurrentUser(): Promise<User> {
  return api.get('/api/users/me');
}
