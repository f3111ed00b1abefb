import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { Role } from '../../api/types';
import { jsonResponse, mockFetch, type SeenRequest } from '../../test/fetchMock';
import { isMenuCount, testSchedule } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';
import { testUser } from '../../test/users';
import { SESSION_ENDED_KEY } from '../sessionEnd';
import { LAST_ACTIVITY_KEY } from './activity';

const MINUTE = 60_000;
const IDLE_LIMIT_SECONDS = 30 * 60;
// The tab ends the session a minute before the server's limit (its last refresh may be
// up to a minute older than the last activity), and warns a minute before that.
const ENDS_AT = 29 * MINUTE;
const WARNS_AT = 28 * MINUTE;
const WARNING = /Vous serez déconnecté dans (\d+) s pour inactivité\./;
const IDLE_MESSAGE = 'Votre session a pris fin après 30 minutes sans activité. Reconnectez-vous.';

beforeEach(() => {
  setAccessToken(null);
  // Real time still runs (the screens render as usual); the tests jump ahead by minutes.
  vi.useFakeTimers({
    shouldAdvanceTime: true,
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
});
afterEach(() => vi.useRealTimers());

/**
 * A server with a restorable session of `role` whose idle limit is `idleTimeoutSeconds`,
 * answering what the customers list, the notifications list and the today board ask.
 */
function serverWithIdleLimit(role: Role, idleTimeoutSeconds: number | null, more: (request: SeenRequest) => Response | undefined = () => undefined) {
  return mockFetch((request) => {
    if (request.path === '/api/token/refresh') {
      return jsonResponse(200, { access: 'tok', idle_timeout_seconds: idleTimeoutSeconds });
    }
    if (request.path === '/api/users/me') return jsonResponse(200, testUser(role));
    if (request.path === '/api/token/blacklist') return jsonResponse(200, { detail: 'Logged out.' });
    const answer = more(request);
    if (answer !== undefined) return answer;
    if (isMenuCount(request.path)) return jsonResponse(200, { results: [], next_cursor: null });
    if (request.path.startsWith('/api/customers?')) return jsonResponse(200, { results: [], next_cursor: null });
    if (request.path.startsWith('/api/notifications?')) return jsonResponse(200, { results: [], next_cursor: null });
    if (request.path === '/api/notifications/unread_count') return jsonResponse(200, { count: 0 });
    if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
    if (request.path.startsWith('/api/appointments?')) return jsonResponse(200, { results: [], next_cursor: null });
    return undefined;
  });
}

const requestsTo = (seen: SeenRequest[], path: string) => seen.filter((request) => request.path === path);

/** When the last activity recorded in any tab happened. */
function lastActivity(): number {
  return Number(window.localStorage.getItem(LAST_ACTIVITY_KEY));
}

/** Lets the clock run `ms` ahead, and React render what the timers changed. */
async function passTime(ms: number): Promise<void> {
  await act(() => vi.advanceTimersByTimeAsync(ms));
}

/** Lets the clock run until `ms` after the last recorded activity. */
async function advanceToAfterActivity(ms: number): Promise<void> {
  await passTime(lastActivity() + ms - Date.now());
}

/** The seconds the displayed warning counts down from, or null when there is none. */
function warningSeconds(): number | null {
  const dialog = screen.queryByRole('dialog', { name: 'Toujours là ?' });
  if (dialog === null) return null;
  return Number(WARNING.exec(within(dialog).getByText(WARNING).textContent ?? '')?.[1]);
}

/** Activity in another tab: its `storage` event, as the browser fires it. */
function activityInAnotherTab(at: number = Date.now()): void {
  act(() => {
    window.dispatchEvent(new StorageEvent('storage', { key: LAST_ACTIVITY_KEY, newValue: String(at) }));
  });
}

async function staffOnCustomers(more?: (request: SeenRequest) => Response | undefined) {
  const seen = serverWithIdleLimit('staff', IDLE_LIMIT_SECONDS, more);
  renderApp('/customers');
  expect(await screen.findByRole('heading', { name: 'Clients' })).toBeInTheDocument();
  return seen;
}

describe('idle logout of staff and admins', () => {
  it('warns a minute before the limit, counting down', async () => {
    const seen = await staffOnCustomers();

    await advanceToAfterActivity(WARNS_AT - 2_000);
    expect(warningSeconds()).toBeNull();

    await advanceToAfterActivity(WARNS_AT + 500);
    expect(await screen.findByRole('dialog', { name: 'Toujours là ?' })).toBeInTheDocument();
    expect(warningSeconds()).toBe(60);

    await passTime(10_000);
    expect(warningSeconds()).toBe(50);
    expect(requestsTo(seen, '/api/token/blacklist')).toHaveLength(0);
  });

  it('"Stay logged in" counts as activity, postpones the logout and refreshes the token', async () => {
    const seen = await staffOnCustomers();
    const user = setupUser();

    await advanceToAfterActivity(WARNS_AT + 30_000);
    await user.click(await screen.findByRole('button', { name: 'Rester connecté' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    // One refresh restored the session on start, the second told the server about the activity.
    await waitFor(() => expect(requestsTo(seen, '/api/token/refresh')).toHaveLength(2));
    await advanceToAfterActivity(WARNS_AT - 2_000);
    expect(warningSeconds()).toBeNull();
    expect(requestsTo(seen, '/api/token/blacklist')).toHaveLength(0);

    await advanceToAfterActivity(WARNS_AT + 500);
    expect(warningSeconds()).toBe(60);
  });

  it('at the limit, revokes the session and says why on the login page', async () => {
    const seen = await staffOnCustomers();

    await advanceToAfterActivity(ENDS_AT + 500);

    expect(await screen.findByText(IDLE_MESSAGE)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /se connecter/i })).toBeInTheDocument();
    expect(requestsTo(seen, '/api/token/blacklist')).toHaveLength(1);
    expect(screen.queryByText(WARNING)).not.toBeInTheDocument();
    // The user's other tabs are told, and end the session too.
    expect(window.localStorage.getItem(SESSION_ENDED_KEY)).toContain('"reason":"idle"');
  });

  it('activity in another tab postpones the warning and the logout', async () => {
    const seen = await staffOnCustomers();

    await advanceToAfterActivity(20 * MINUTE);
    activityInAnotherTab();
    await passTime(20 * MINUTE);
    expect(warningSeconds()).toBeNull();

    await passTime(8 * MINUTE + 30_000);
    expect(warningSeconds()).not.toBeNull();
    activityInAnotherTab();
    await waitFor(() => expect(warningSeconds()).toBeNull());

    await passTime(WARNS_AT - MINUTE);
    expect(requestsTo(seen, '/api/token/blacklist')).toHaveLength(0);
    expect(screen.getByRole('heading', { name: 'Clients' })).toBeInTheDocument();
  });

  it('activity in this tab postpones the logout, and refreshes the token for the server to see it', async () => {
    const seen = await staffOnCustomers();
    const user = setupUser();
    const start = lastActivity();

    await passTime(20 * MINUTE);
    await user.keyboard('a');
    expect(lastActivity()).toBeGreaterThanOrEqual(start + 20 * MINUTE);
    // The restore on start, then the activity 20 minutes after that refresh.
    await waitFor(() => expect(requestsTo(seen, '/api/token/refresh')).toHaveLength(2));

    await passTime(start + ENDS_AT + 1_000 - Date.now());
    expect(warningSeconds()).toBeNull();
    expect(requestsTo(seen, '/api/token/blacklist')).toHaveLength(0);
    await advanceToAfterActivity(WARNS_AT + 500);
    expect(warningSeconds()).toBe(60);
  });

  it('activity within a minute of the last refresh sends none', async () => {
    const seen = await staffOnCustomers();
    const user = setupUser();

    await passTime(30_000);
    await user.keyboard('a');
    await passTime(6_000);
    await user.keyboard('b');

    expect(lastActivity()).toBeGreaterThan(Date.now() - 1_000);
    expect(requestsTo(seen, '/api/token/refresh')).toHaveLength(1);
  });

  it('follows another tab that ended the session, without revoking it again', async () => {
    const seen = await staffOnCustomers();

    act(() => {
      window.dispatchEvent(
        new StorageEvent('storage', {
          key: SESSION_ENDED_KEY,
          newValue: JSON.stringify({ ending: { reason: 'idle', minutes: 30 }, at: Date.now() }),
        }),
      );
    });

    expect(await screen.findByText(IDLE_MESSAGE)).toBeInTheDocument();
    expect(requestsTo(seen, '/api/token/blacklist')).toHaveLength(0);
  });

  it('says the session ended for inactivity when the server refuses a refresh for that', async () => {
    let refreshes = 0;
    mockFetch((request) => {
      if (request.path === '/api/token/refresh') {
        refreshes += 1;
        return refreshes === 1
          ? jsonResponse(200, { access: 'tok', idle_timeout_seconds: IDLE_LIMIT_SECONDS })
          : jsonResponse(401, {
              status: 401,
              title: 'Unauthorized',
              detail: 'The session ended after 30 minutes without activity; log in again.',
            });
      }
      if (request.path === '/api/users/me') return jsonResponse(200, testUser('staff'));
      if (isMenuCount(request.path)) return jsonResponse(200, { results: [], next_cursor: null });
      if (request.path.startsWith('/api/customers?')) return jsonResponse(401, { status: 401 });
      return undefined;
    });
    renderApp('/customers');

    expect(await screen.findByText(IDLE_MESSAGE)).toBeInTheDocument();
  });
});

describe('sessions without an idle logout', () => {
  it('never logs a customer out for inactivity (their session has no limit)', async () => {
    const seen = serverWithIdleLimit('customer', null);
    renderApp('/notifications');
    expect(await screen.findByRole('heading', { name: 'Notifications' })).toBeInTheDocument();

    await passTime(2 * 60 * MINUTE);

    expect(warningSeconds()).toBeNull();
    expect(requestsTo(seen, '/api/token/blacklist')).toHaveLength(0);
    expect(screen.getByRole('heading', { name: 'Notifications' })).toBeInTheDocument();
  });

  it("leaves staff logged in while the today board is displayed, and keeps the other tabs' activity fresh", async () => {
    vi.setSystemTime(new Date('2026-03-11T10:00:00Z'));
    const seen = serverWithIdleLimit('staff', IDLE_LIMIT_SECONDS);
    renderApp('/appointments/today');
    const heading = { name: 'Atelier du jour — mercredi 11 mars 2026' };
    expect(await screen.findByRole('heading', heading)).toBeInTheDocument();

    await passTime(75 * MINUTE);

    expect(warningSeconds()).toBeNull();
    expect(requestsTo(seen, '/api/token/blacklist')).toHaveLength(0);
    expect(screen.getByRole('heading', heading)).toBeInTheDocument();
    expect(lastActivity()).toBeGreaterThan(Date.now() - 2 * MINUTE);
  });
});
