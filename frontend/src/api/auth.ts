import { api } from './client';
import { postJson, REFRESH_MODE_HEADER } from './http';
import { refreshAccessToken, setAccessToken } from './session';
import type { User } from './types';

/** Logs in; the server sets the refresh cookie and returns the access token and user. */
export async function login(username: string, password: string): Promise<User> {
  const { access, user } = await postJson('/api/token', { username, password }, REFRESH_MODE_HEADER);
  setAccessToken(access);
  return user;
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
export async function restoreSession(): Promise<User | null> {
  try {
    if ((await refreshAccessToken()) === null) return null;
    return await fetchCurrentUser();
  } catch {
    setAccessToken(null);
    return null;
  }
}

/** The logged-in user. */
export function fetchCurrentUser(): Promise<User> {
  return api.get('/api/users/me');
}
