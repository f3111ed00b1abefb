import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deferred, jsonResponse, mockFetch, type SeenRequest } from '../test/fetchMock';
import { login, logout, restoreSession } from './auth';
import { apiRequest } from './client';
import { ApiError } from './errors';
import { getAccessToken, getIdleTimeoutSeconds, onSessionExpired, onSessionRenewed, setAccessToken } from './session';

const USER = {
  id: 'u1',
  username: 'admin',
  email: 'admin@example.com',
  first_name: 'Ada',
  last_name: 'Admin',
  role: 'admin',
  is_active: true,
  customer_id: null,
};

const bearer = (request: SeenRequest) => request.headers.get('Authorization');
const refreshes = (seen: SeenRequest[]) => seen.filter((r) => r.path === '/api/token/refresh');

beforeEach(() => setAccessToken(null));
afterEach(() => setAccessToken(null));

describe('silent refresh on 401', () => {
  it('concurrent 401s trigger exactly one refresh, then every request is retried with the new token', async () => {
    setAccessToken('old');
    const refreshAnswer = deferred<Response>();
    const seen = mockFetch((request) => {
      if (request.path === '/api/token/refresh') return refreshAnswer.promise;
      if (request.path.startsWith('/api/customers')) {
        return bearer(request) === 'Bearer new'
          ? jsonResponse(200, { path: request.path })
          : jsonResponse(401, { title: 'Unauthorized', status: 401 });
      }
      return undefined;
    });

    const calls = ['/api/customers/a', '/api/customers/b', '/api/customers/c'].map((path) =>
      apiRequest<{ path: string }>(path),
    );
    await vi.waitFor(() => expect(seen.filter((r) => bearer(r) === 'Bearer old')).toHaveLength(3));
    refreshAnswer.resolve(jsonResponse(200, { access: 'new' }));

    const results = await Promise.all(calls);
    expect(results.map((r) => r.path)).toEqual(['/api/customers/a', '/api/customers/b', '/api/customers/c']);
    expect(refreshes(seen)).toHaveLength(1);
    expect(seen.filter((r) => bearer(r) === 'Bearer new')).toHaveLength(3);
    expect(getAccessToken()).toBe('new');
  });

  it('a 401 that arrives after another caller refreshed retries with that token, without refreshing again', async () => {
    setAccessToken('old');
    const lateAnswer = deferred<Response>();
    const seen = mockFetch((request) => {
      if (request.path === '/api/token/refresh') return jsonResponse(200, { access: 'new' });
      if (bearer(request) === 'Bearer new') return jsonResponse(200, { ok: true });
      if (request.path === '/api/customers/slow') return lateAnswer.promise;
      return jsonResponse(401, { status: 401 });
    });

    const slow = apiRequest('/api/customers/slow');
    await apiRequest('/api/customers/fast');
    lateAnswer.resolve(jsonResponse(401, { status: 401 }));
    await slow;

    expect(refreshes(seen)).toHaveLength(1);
  });

  it('sends the refresh in cookie mode: header, empty body, same-origin credentials', async () => {
    setAccessToken('old');
    const seen = mockFetch((request) => {
      if (request.path === '/api/token/refresh') return jsonResponse(200, { access: 'new' });
      return bearer(request) === 'Bearer new' ? jsonResponse(200, {}) : jsonResponse(401, {});
    });

    await apiRequest('/api/users/me');

    const [refresh] = refreshes(seen);
    expect(refresh?.method).toBe('POST');
    expect(refresh?.headers.get('X-Refresh-Mode')).toBe('cookie');
    expect(refresh?.body).toEqual({});
    expect(refresh?.credentials).toBe('same-origin');
    expect(refresh?.headers.get('Authorization')).toBeNull();
  });

  it('a refused refresh logs out: token forgotten, callers get the 401, expiry announced once', async () => {
    setAccessToken('old');
    const expired = vi.fn();
    const unsubscribe = onSessionExpired(expired);
    const seen = mockFetch((request) =>
      request.path === '/api/token/refresh'
        ? jsonResponse(401, { title: 'Session revoked', status: 401 })
        : jsonResponse(401, { status: 401 }),
    );

    const outcomes = await Promise.allSettled([apiRequest('/api/customers'), apiRequest('/api/users')]);
    unsubscribe();

    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({ status: 401 });
    }
    expect(getAccessToken()).toBeNull();
    expect(expired).toHaveBeenCalledTimes(1);
    expect(refreshes(seen)).toHaveLength(1);
    // Nothing was retried after the refusal.
    expect(seen).toHaveLength(3);
  });

  it('a refresh that fails for a passing reason (503) keeps the session', async () => {
    setAccessToken('old');
    const expired = vi.fn();
    const unsubscribe = onSessionExpired(expired);
    mockFetch((request) =>
      request.path === '/api/token/refresh'
        ? jsonResponse(503, { status: 503 }, { 'Retry-After': '5' })
        : jsonResponse(401, { status: 401 }),
    );

    const error = await apiRequest('/api/customers').catch((e: unknown) => e);
    unsubscribe();

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, retryAfter: 5 });
    expect(expired).not.toHaveBeenCalled();
  });

  it('does not refresh again when the retried request is refused too', async () => {
    setAccessToken('old');
    const seen = mockFetch((request) =>
      request.path === '/api/token/refresh' ? jsonResponse(200, { access: 'new' }) : jsonResponse(401, {}),
    );

    await expect(apiRequest('/api/customers')).rejects.toMatchObject({ status: 401 });
    expect(refreshes(seen)).toHaveLength(1);
    expect(seen).toHaveLength(3);
  });
});

describe('login, logout and restoring a session', () => {
  it('logs in in cookie mode and keeps the access token in memory only', async () => {
    const seen = mockFetch((request) =>
      request.path === '/api/token'
        ? jsonResponse(200, { access: 'tok', user: USER, idle_timeout_seconds: 1800 })
        : undefined,
    );

    const session = await login('admin', 'secret');

    expect(session).toEqual({ user: USER, idleTimeoutSeconds: 1800 });
    expect(seen[0]?.headers.get('X-Refresh-Mode')).toBe('cookie');
    expect(seen[0]?.body).toEqual({ username: 'admin', password: 'secret' });
    expect(getAccessToken()).toBe('tok');
    expect(JSON.stringify({ ...window.localStorage })).not.toContain('tok');
    expect(JSON.stringify({ ...window.sessionStorage })).not.toContain('tok');
  });

  it('logout revokes the session on the server and forgets the token', async () => {
    setAccessToken('tok');
    const seen = mockFetch((request) =>
      request.path === '/api/token/blacklist' ? jsonResponse(200, {}) : undefined,
    );

    await logout();

    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.headers.get('Authorization')).toBe('Bearer tok');
    expect(seen[0]?.headers.get('X-Refresh-Mode')).toBe('cookie');
    expect(seen[0]?.body).toEqual({});
    expect(getAccessToken()).toBeNull();
  });

  it('restores the session from the refresh cookie on start, with its idle limit', async () => {
    mockFetch((request) => {
      if (request.path === '/api/token/refresh') return jsonResponse(200, { access: 'tok', idle_timeout_seconds: 1800 });
      if (request.path === '/api/users/me' && bearer(request) === 'Bearer tok') return jsonResponse(200, USER);
      return undefined;
    });

    await expect(restoreSession()).resolves.toEqual({ user: USER, idleTimeoutSeconds: 1800 });
    expect(getAccessToken()).toBe('tok');
  });

  it('keeps the idle limit of every refresh, and tells the listeners', async () => {
    setAccessToken('old');
    const renewed = vi.fn();
    const unsubscribe = onSessionRenewed(renewed);
    let limit: number | null = 1800;
    mockFetch((request) => {
      if (request.path === '/api/token/refresh') return jsonResponse(200, { access: 'new', idle_timeout_seconds: limit });
      return bearer(request) === 'Bearer new' ? jsonResponse(200, {}) : jsonResponse(401, {});
    });

    await apiRequest('/api/users/me');
    expect(getIdleTimeoutSeconds()).toBe(1800);
    setAccessToken('old');
    limit = null;
    await apiRequest('/api/users/me');
    unsubscribe();

    expect(getIdleTimeoutSeconds()).toBeNull();
    expect(renewed.mock.calls).toEqual([[1800], [null]]);
  });

  it('passes the refusal to the expiry listeners, so they can tell an idle session', async () => {
    setAccessToken('old');
    const expired = vi.fn();
    const unsubscribe = onSessionExpired(expired);
    const detail = 'The session ended after 30 minutes without activity; log in again.';
    mockFetch((request) =>
      request.path === '/api/token/refresh'
        ? jsonResponse(401, { title: 'Unauthorized', status: 401, detail })
        : jsonResponse(401, { status: 401 }),
    );

    await expect(apiRequest('/api/customers')).rejects.toMatchObject({ status: 401 });
    unsubscribe();

    expect(expired).toHaveBeenCalledWith(expect.objectContaining({ status: 401, detail }));
  });

  it('starts logged out, without announcing an expiry, when there is no refresh cookie', async () => {
    const expired = vi.fn();
    const unsubscribe = onSessionExpired(expired);
    mockFetch((request) => (request.path === '/api/token/refresh' ? jsonResponse(401, {}) : undefined));

    await expect(restoreSession()).resolves.toBeNull();
    unsubscribe();
    expect(expired).not.toHaveBeenCalled();
  });
});
