import { screen } from '@testing-library/react';
import { setupUser } from '../../test/user';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import { jsonResponse, mockFetch, type SeenRequest } from '../../test/fetchMock';
import { isMenuCount } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { testUser } from '../../test/users';

const noSession = (request: SeenRequest) => {
  if (request.path === '/api/token/refresh') return jsonResponse(401, { title: 'No session', status: 401 });
  // Staff's menu counts the open requests once logged in.
  if (isMenuCount(request.path)) return jsonResponse(200, { results: [], next_cursor: null });
  return undefined;
};

const FRENCH_LABELS = { user: /identifiant/i, password: /mot de passe/i, submit: /se connecter/i };

/** Fills the login form and submits it. */
async function submitCredentials(username: string, password: string, labels = FRENCH_LABELS) {
  const user = setupUser();
  await user.fill(await screen.findByLabelText(labels.user), username);
  await user.fill(screen.getByLabelText(labels.password), password);
  await user.click(screen.getByRole('button', { name: labels.submit }));
}

beforeEach(() => setAccessToken(null));

describe('login screen', () => {
  it('shows one generic message on wrong credentials (401)', async () => {
    mockFetch(
      (request) =>
        noSession(request) ??
        (request.path === '/api/token'
          ? jsonResponse(401, { title: 'Unauthorized', status: 401, detail: 'No active account' })
          : undefined),
    );
    renderApp('/customers');

    await submitCredentials('admin', 'wrong');

    expect(await screen.findByRole('alert')).toHaveTextContent('Identifiant ou mot de passe incorrect.');
    expect(screen.queryByText('No active account')).not.toBeInTheDocument();
  });

  it('shows the rate-limit message with the Retry-After delay (429)', async () => {
    mockFetch(
      (request) =>
        noSession(request) ??
        (request.path === '/api/token'
          ? jsonResponse(429, { title: 'Too Many Requests', status: 429 }, { 'Retry-After': '30' })
          : undefined),
    );
    renderApp('/login');

    await submitCredentials('admin', 'secret');

    expect(await screen.findByRole('alert')).toHaveTextContent('Trop de tentatives. Réessayez dans 30 s.');
  });

  it('speaks English when asked', async () => {
    mockFetch(
      (request) =>
        noSession(request) ??
        (request.path === '/api/token'
          ? jsonResponse(429, { status: 429 }, { 'Retry-After': '12' })
          : undefined),
    );
    renderApp('/login', 'en');

    await submitCredentials('admin', 'secret', {
      user: /username or email/i,
      password: /^password$/i,
      submit: /log in/i,
    });

    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts. Try again in 12 s.');
  });

  it('says when the server cannot be reached', async () => {
    mockFetch((request) => {
      if (request.path === '/api/token') return Promise.reject(new TypeError('Failed to fetch'));
      return noSession(request);
    });
    renderApp('/login');

    await submitCredentials('admin', 'secret');

    expect(await screen.findByRole('alert')).toHaveTextContent('Le serveur est injoignable.');
  });

  it('asks for both fields before sending anything', async () => {
    const seen = mockFetch(noSession);
    renderApp('/login');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: /se connecter/i }));

    expect(await screen.findByText('Saisissez votre identifiant ou votre e-mail.')).toBeInTheDocument();
    expect(screen.getByText('Saisissez votre mot de passe.')).toBeInTheDocument();
    expect(seen.filter((r) => r.path === '/api/token')).toHaveLength(0);
  });

  it('goes back to the page that asked for the login once logged in', async () => {
    const seen = mockFetch((request) => {
      if (request.path === '/api/token') return jsonResponse(200, { access: 'tok', user: testUser('admin') });
      if (request.path === '/api/users?limit=50') return jsonResponse(200, { results: [testUser('admin')], next_cursor: null });
      return noSession(request);
    });
    renderApp('/users');

    await submitCredentials('admin', 'secret');

    expect(await screen.findByRole('heading', { name: 'Utilisateurs' })).toBeInTheDocument();
    const loginRequest = seen.find((r) => r.path === '/api/token');
    expect(loginRequest?.headers.get('X-Refresh-Mode')).toBe('cookie');
  });
});
