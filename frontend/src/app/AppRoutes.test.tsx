import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../api/session';
import type { User } from '../api/types';
import { jsonResponse, mockFetch, type SeenRequest } from '../test/fetchMock';
import { isMenuCount, testSchedule } from '../test/fixtures';
import { renderApp } from '../test/renderApp';
import { setupUser } from '../test/user';
import { testUser } from '../test/users';

const CUSTOMER_PROFILE = {
  id: 'c-1',
  user_id: 'customer-1',
  first_name: 'Camille',
  last_name: 'Client',
  email: 'camille@example.com',
  phone: '+21612345678',
  address: '',
  notes: '',
  version: 1,
  created_at: '2026-01-01T10:00:00Z',
  updated_at: '2026-01-01T10:00:00Z',
};

/** A server with a restorable session for `user`. */
function sessionOf(user: User, more: (request: SeenRequest) => Response | undefined = () => undefined) {
  return mockFetch((request) => {
    if (request.path === '/api/token/refresh') return jsonResponse(200, { access: 'tok' });
    if (request.path === '/api/users/me') return jsonResponse(200, user);
    if (isMenuCount(request.path)) return jsonResponse(200, { results: [], next_cursor: null });
    if (request.path === '/api/token/blacklist') return jsonResponse(200, {});
    if (request.path.startsWith('/api/customers?')) return jsonResponse(200, { results: [], next_cursor: null });
    if (request.path.startsWith('/api/users?')) return jsonResponse(200, { results: [user], next_cursor: null });
    if (request.path.startsWith('/api/services/statistics')) return jsonResponse(404, { status: 404 });
    if (request.path.startsWith('/api/invoices/statistics')) return jsonResponse(404, { status: 404 });
    if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
    if (request.path.startsWith('/api/appointments?')) return jsonResponse(200, { results: [], next_cursor: null });
    return more(request);
  });
}

/** A technician's empty day, with no clock running. */
function technicianDay(request: SeenRequest): Response | undefined {
  if (request.path === '/api/technicians/me/jobs') return jsonResponse(200, { date: '2026-03-11', time_zone: 'Africa/Tunis', results: [] });
  if (request.path === '/api/technicians/me/clock') return jsonResponse(200, { open: null });
  return undefined;
}

beforeEach(() => setAccessToken(null));

describe('routes and menu by role', () => {
  it('restores the session on start and sends staff to the dashboard', async () => {
    sessionOf(testUser('staff'));
    renderApp('/');

    expect(await screen.findByRole('heading', { name: 'Tableau de bord' })).toBeInTheDocument();
    const menu = screen.getByRole('menu', { name: 'Menu principal' });
    expect(within(menu).getByText('Clients')).toBeInTheDocument();
    expect(within(menu).getByText('Rendez-vous')).toBeInTheDocument();
    expect(within(menu).getByText('Atelier du jour')).toBeInTheDocument();
    expect(within(menu).getByText('Demandes')).toBeInTheDocument();
    expect(within(menu).queryByText('Utilisateurs')).not.toBeInTheDocument();
    expect(within(menu).queryByText('Horaires et créneaux')).not.toBeInTheDocument();
    expect(within(menu).queryByText("Journal d'audit")).not.toBeInTheDocument();
  });

  it('shows user management to an admin only', async () => {
    sessionOf(testUser('admin'));
    renderApp('/users');

    expect(await screen.findByRole('heading', { name: 'Utilisateurs' })).toBeInTheDocument();
    const menu = screen.getByRole('menu', { name: 'Menu principal' });
    expect(within(menu).getByText('Utilisateurs')).toBeInTheDocument();
    expect(within(menu).getByText('Horaires et créneaux')).toBeInTheDocument();
  });

  it("opens the audit log from an admin's menu", async () => {
    sessionOf(testUser('admin'), (request) =>
      request.path.startsWith('/api/audit?') ? jsonResponse(200, { results: [], next_cursor: null }) : undefined,
    );
    renderApp('/users');
    const user = setupUser();

    const menu = await screen.findByRole('menu', { name: 'Menu principal' });
    await user.click(within(menu).getByText("Journal d'audit"));
    expect(await screen.findByRole('heading', { name: "Journal d'audit" })).toBeInTheDocument();
    expect(await screen.findByText('Aucune action enregistrée')).toBeInTheDocument();
  });

  it('redirects staff away from the admin-only audit log, which their menu does not list', async () => {
    const seen = sessionOf(testUser('staff'));
    renderApp('/audit');

    expect(await screen.findByRole('heading', { name: 'Tableau de bord' })).toBeInTheDocument();
    expect(within(screen.getByRole('menu', { name: 'Menu principal' })).queryByText("Journal d'audit")).not.toBeInTheDocument();
    expect(seen.some((r) => r.path.startsWith('/api/audit'))).toBe(false);
  });

  it('redirects staff away from the admin-only users screen', async () => {
    const seen = sessionOf(testUser('staff'));
    renderApp('/users');

    expect(await screen.findByRole('heading', { name: 'Tableau de bord' })).toBeInTheDocument();
    expect(seen.some((r) => r.path.startsWith('/api/users?'))).toBe(false);
  });

  it('redirects a customer who opens a staff screen to their own portal, with the unread count', async () => {
    const seen = sessionOf(testUser('customer'), (request) => {
      if (request.path === '/api/customers/me') return jsonResponse(200, CUSTOMER_PROFILE);
      if (request.path === '/api/notifications/unread_count') return jsonResponse(200, { count: 3 });
      if (request.path === '/api/notifications/devices') return jsonResponse(200, []);
      if (request.path.startsWith('/api/customers/c-1/cars?')) return jsonResponse(200, { results: [], next_cursor: null });
      if (request.path.startsWith('/api/customers/c-1/service_history?')) {
        return jsonResponse(200, { results: [], next_cursor: null });
      }
      return undefined;
    });
    renderApp('/customers');

    expect(await screen.findByText('camille@example.com')).toBeInTheDocument();
    expect(await screen.findByRole('status', { name: 'Notifications non lues : 3' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ouvrir les notifications' })).toHaveAttribute('href', '/notifications');
    expect(seen.some((r) => r.path.startsWith('/api/customers?'))).toBe(false);
    const menu = screen.getByRole('menu', { name: 'Menu principal' });
    expect(within(menu).queryByText('Clients')).not.toBeInTheDocument();
    expect(within(menu).getByText('Mes rendez-vous')).toBeInTheDocument();
    expect(within(menu).getByText('Mes demandes')).toBeInTheDocument();
    expect(within(menu).queryByText('Atelier du jour')).not.toBeInTheDocument();
    // Only staff's menu counts the open requests and the cars waiting for approval.
    expect(seen.some((r) => r.path.startsWith('/api/appointments/requests'))).toBe(false);
    expect(seen.some((r) => r.path.startsWith('/api/cars/pending'))).toBe(false);
  });

  it('sends a technician to their jobs, with a menu of those only, asking for nothing they are refused', async () => {
    const seen = sessionOf(testUser('technician'), technicianDay);
    renderApp('/');

    expect(await screen.findByRole('heading', { name: 'Mes travaux' })).toBeInTheDocument();
    expect(await screen.findByText('Aucun travail pour ce jour')).toBeInTheDocument();
    const menu = screen.getByRole('menu', { name: 'Menu principal' });
    expect(within(menu).getAllByRole('menuitem').map((item) => item.textContent)).toEqual(['Mes travaux']);
    // No notification bell, no menu counts: the API refuses them to a technician.
    expect(screen.queryByRole('link', { name: 'Ouvrir les notifications' })).not.toBeInTheDocument();
    const asked = seen.map((request) => request.path.split('?')[0]);
    expect([...new Set(asked)].sort()).toEqual([
      '/api/technicians/me/clock',
      '/api/technicians/me/jobs',
      '/api/token/refresh',
      '/api/users/me',
    ]);
  });

  it("keeps a technician out of staff's and customers' screens", async () => {
    const seen = sessionOf(testUser('technician'), technicianDay);
    for (const path of ['/dashboard', '/customers', '/services', '/services/s1', '/invoices', '/notifications', '/profile']) {
      const { unmount } = renderApp(path);
      expect(await screen.findByRole('heading', { name: 'Mes travaux' }), path).toBeInTheDocument();
      unmount();
    }
    expect(seen.every((request) => !/^\/api\/(customers|services|invoices|notifications|statistics)/.test(request.path))).toBe(true);
  });

  it('keeps staff and customers out of the technician screen', async () => {
    const staffSeen = sessionOf(testUser('staff'));
    const staff = renderApp('/my-jobs');
    expect(await screen.findByRole('heading', { name: 'Tableau de bord' })).toBeInTheDocument();
    staff.unmount();
    expect(staffSeen.some((request) => request.path.startsWith('/api/technicians'))).toBe(false);

    const customerSeen = sessionOf(testUser('customer'), (request) => {
      if (request.path === '/api/customers/me') return jsonResponse(200, CUSTOMER_PROFILE);
      if (request.path === '/api/notifications/unread_count') return jsonResponse(200, { count: 0 });
      if (request.path === '/api/notifications/devices') return jsonResponse(200, []);
      if (request.path.startsWith('/api/customers/c-1/')) return jsonResponse(200, { results: [], next_cursor: null });
      return undefined;
    });
    renderApp('/my-jobs');
    expect(await screen.findByText('camille@example.com')).toBeInTheDocument();
    expect(customerSeen.some((request) => request.path.startsWith('/api/technicians'))).toBe(false);
  });

  it('sends an anonymous visitor to the login page', async () => {
    mockFetch((request) => (request.path === '/api/token/refresh' ? jsonResponse(401, {}) : undefined));
    renderApp('/customers');

    expect(await screen.findByRole('button', { name: /se connecter/i })).toBeInTheDocument();
  });

  it('logs out from the user menu: the server revokes the session and the login page shows', async () => {
    const seen = sessionOf(testUser('staff'));
    renderApp('/customers');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: /sami staff/i }));
    await user.click(await screen.findByText('Se déconnecter'));

    expect(await screen.findByRole('button', { name: /se connecter/i })).toBeInTheDocument();
    expect(seen.filter((r) => r.path === '/api/token/blacklist')).toHaveLength(1);
  });
});

describe('session and language', () => {
  it('ends the session when a refresh is refused mid-use, and says so on the login page', async () => {
    let refreshes = 0;
    mockFetch((request) => {
      if (request.path === '/api/token/refresh') {
        refreshes += 1;
        return refreshes === 1 ? jsonResponse(200, { access: 'tok' }) : jsonResponse(401, { status: 401 });
      }
      if (request.path === '/api/users/me') return jsonResponse(200, testUser('staff'));
      if (isMenuCount(request.path)) return jsonResponse(200, { results: [], next_cursor: null });
      if (request.path.startsWith('/api/customers?')) return jsonResponse(401, { status: 401 });
      return undefined;
    });
    renderApp('/customers');

    expect(await screen.findByText('Votre session a expiré. Reconnectez-vous.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /se connecter/i })).toBeInTheDocument();
    expect(refreshes).toBe(2);
  });

  it('switches the whole interface to English and remembers the choice', async () => {
    sessionOf(testUser('staff'));
    renderApp('/customers');
    const user = setupUser();
    expect(await screen.findByRole('heading', { name: 'Clients' })).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'Langue' }));
    await user.click(await screen.findByTitle('English'));

    expect(await screen.findByRole('heading', { name: 'Customers' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /new customer/i })).toBeInTheDocument();
    expect(window.localStorage.getItem('ecar.locale')).toBe('en');
  });
});
