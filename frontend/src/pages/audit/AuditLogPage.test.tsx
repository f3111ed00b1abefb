import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '../../api/session';
import { jsonResponse, mockFetch, type SeenRequest } from '../../test/fetchMock';
import { isMenuCount, testAuditRecord, testSchedule } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser, type TestUser } from '../../test/user';
import { testUser } from '../../test/users';

const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

const ME = testUser('admin', { id: 'me', username: 'boss', first_name: 'Bea', last_name: 'Boss' });
const NOUR = testUser('staff', { id: 'u2', username: 'nour', first_name: 'Nour', last_name: 'Mechanic' });

/** Bea made Nour an admin, from 197.1.2.3, at 00:30 on 30 March in Paris (22:30 UTC the day before). */
const ROLE_CHANGE = testAuditRecord({
  id: 'a3',
  at: '2026-03-29T22:30:00Z',
  actor: { user_id: 'me', name: 'Bea Boss', role: 'admin', ip: '197.1.2.3' },
  action: 'user_role_changed',
  entity_kind: 'user',
  entity_id: 'u2',
  before: { role: 'staff' },
  after: { role: 'admin' },
});

/** Nour changed a customer's notes and address. */
const CUSTOMER_CHANGE = testAuditRecord({
  id: 'a2',
  at: '2026-03-20T10:00:00Z',
  actor: { user_id: 'u2', name: 'Nour Mechanic', role: 'staff', ip: null },
  action: 'customer_updated',
  entity_kind: 'customer',
  entity_id: 'c1',
  before: { notes: null, address: { city: 'Sfax' } },
  after: { notes: 'Client fidèle', address: { city: 'Tunis' } },
});

/** A failed login to an account nobody can name. */
const FAILED_LOGIN = testAuditRecord({
  id: 'a1',
  at: '2026-03-19T08:00:00Z',
  actor: { ip: '41.2.3.4' },
  action: 'admin_login_failed',
  entity_kind: 'user',
  entity_id: 'u9',
  before: null,
  after: null,
});

const PAGE_ONE = { results: [ROLE_CHANGE, CUSTOMER_CHANGE], next_cursor: 'cur2' };
const PAGE_TWO = { results: [FAILED_LOGIN], next_cursor: null };

/** The query string of a request, as parameters. */
const query = (request: SeenRequest) => new URL(request.path, 'http://x').searchParams;
const auditRequests = (seen: SeenRequest[]) => seen.filter((r) => r.path.startsWith('/api/audit?'));
const lastAuditQuery = (seen: SeenRequest[]) => {
  const request = auditRequests(seen).at(-1);
  if (request === undefined) throw new Error('no request of the audit log');
  return query(request);
};

/** An admin's server, in a garage on Paris's clock; `audit` answers the audit log's routes. */
function adminServer(audit: (request: SeenRequest) => Response | undefined = () => undefined) {
  return mockFetch((request) => {
    if (request.path === '/api/token/refresh') return jsonResponse(200, { access: 'tok' });
    if (request.path === '/api/users/me') return jsonResponse(200, ME);
    if (isMenuCount(request.path)) return jsonResponse(200, { results: [], next_cursor: null });
    if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule({ time_zone: 'Europe/Paris' }));
    if (request.path.startsWith('/api/users?')) return jsonResponse(200, { results: [ME, NOUR], next_cursor: null });
    const answer = audit(request);
    if (answer !== undefined) return answer;
    if (request.path.startsWith('/api/audit?')) {
      return jsonResponse(200, query(request).get('cursor') === 'cur2' ? PAGE_TWO : PAGE_ONE);
    }
    return undefined;
  });
}

/** The table row that shows `text`. */
async function rowOf(text: string): Promise<HTMLElement> {
  const cell = (await screen.findAllByText(text)).find((element) => element.closest('tr.ant-table-row') !== null);
  const row = cell?.closest('tr');
  if (!(row instanceof HTMLElement)) throw new Error(`${text} is not in a table row`);
  return row;
}

/** Opens the select labelled `label`, narrows it to `search` and picks the option titled `title`. */
async function choose(user: TestUser, label: string, title: string, search?: string) {
  const select = screen.getByRole('combobox', { name: label });
  await user.click(select);
  if (search !== undefined) await user.type(select, search);
  const option = (await screen.findAllByTitle(title)).find((element) => element.classList.contains('ant-select-item-option'));
  if (option === undefined) throw new Error(`no open option titled ${title}`);
  await user.click(option);
}

const { createObjectURL, revokeObjectURL } = URL;

beforeEach(() => setAccessToken(null));
afterEach(() => {
  vi.restoreAllMocks();
  URL.createObjectURL = createObjectURL;
  URL.revokeObjectURL = revokeObjectURL;
});

describe('audit log', () => {
  it("lists who did what to what, on the garage's clock, with each changed field", async () => {
    adminServer();
    renderApp('/audit');

    expect(await screen.findByRole('heading', { name: "Journal d'audit" })).toBeInTheDocument();
    const role = await rowOf('Rôle modifié');
    // 22:30 UTC is 00:30 the next day in Paris (summer time), not 23:30 as in Tunis.
    expect(await within(role).findByText(/30 mars 2026/)).toBeInTheDocument();
    expect(plain(role.textContent)).toContain('00:30');
    expect(within(role).getByText('Bea Boss')).toBeInTheDocument();
    expect(within(role).getByText('Administrateur')).toBeInTheDocument();
    expect(within(role).getByLabelText('Adresse IP 197.1.2.3')).toHaveTextContent('197.1.2.3');
    expect(within(role).getByText('Utilisateur')).toBeInTheDocument();
    expect(await within(role).findByRole('link', { name: 'Nour Mechanic' })).toHaveAttribute('href', '/users');
    expect(plain(role.textContent)).toContain('role: staff → admin');

    const customer = await rowOf('Client modifié');
    expect(within(customer).getByText('Personnel')).toBeInTheDocument();
    expect(within(customer).getByRole('link', { name: 'c1' })).toHaveAttribute('href', '/customers/c1');
    const changes = plain(customer.textContent);
    expect(changes).toContain('notes: — → Client fidèle');
    expect(changes).toContain('address: {"city":"Sfax"} → {"city":"Tunis"}');
  });

  it("sends the filters, the days counted on the garage's clock", async () => {
    const seen = adminServer();
    renderApp('/audit');
    const user = setupUser();
    await rowOf('Rôle modifié');

    await choose(user, 'Action', 'Compte désactivé', 'désact');
    await vi.waitFor(() => expect(lastAuditQuery(seen).get('action')).toBe('user_deactivated'));
    await choose(user, 'Qui', 'Nour Mechanic (nour)');
    await choose(user, 'Sur quoi', 'Utilisateur');
    await vi.waitFor(() => expect(lastAuditQuery(seen).get('entity_kind')).toBe('user'));

    await user.click(screen.getByPlaceholderText('Date de début'));
    await user.type(screen.getByPlaceholderText('Date de début'), '01/03/2026{Enter}');
    await user.type(screen.getByPlaceholderText('Date de fin'), '31/03/2026{Enter}');

    // Paris: 1 March starts at 23:00 UTC the day before (winter time), 31 March ends at 22:00 UTC (summer time).
    await vi.waitFor(() =>
      expect(auditRequests(seen).at(-1)?.path).toBe(
        '/api/audit?user=u2&entity_kind=user&action=user_deactivated' +
          '&from=2026-02-28T23%3A00%3A00Z&to=2026-03-31T21%3A59%3A59.999Z&limit=50',
      ),
    );
  });

  it('pages with the cursor the server gave, and a new filter goes back to the first page', async () => {
    const seen = adminServer();
    renderApp('/audit');
    const user = setupUser();
    await rowOf('Rôle modifié');

    await user.click(screen.getByRole('button', { name: /suivant/i }));
    expect(await rowOf('Échec de connexion administrateur')).toHaveTextContent('Inconnu');
    expect(lastAuditQuery(seen).get('cursor')).toBe('cur2');
    expect(screen.queryByText('Rôle modifié')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: /suivant/i })).toBeDisabled();

    await choose(user, 'Sur quoi', 'Facture');
    await vi.waitFor(() => expect(lastAuditQuery(seen).get('entity_kind')).toBe('invoice'));
    expect(lastAuditQuery(seen).has('cursor')).toBe(false);
    expect(await rowOf('Rôle modifié')).toBeInTheDocument();
  });

  it('exports as CSV with the filters shown', async () => {
    const seen = adminServer((request) =>
      request.path.startsWith('/api/audit/export')
        ? new Response('at,actor_name\n', { status: 200, headers: { 'Content-Type': 'text/csv' } })
        : undefined,
    );
    // jsdom has no object URLs: the page's blob is caught here.
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:audit');
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = vi.fn();
    const downloads: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });
    renderApp('/audit');
    const user = setupUser();
    await rowOf('Rôle modifié');

    await choose(user, 'Action', 'Rôle modifié', 'rôle');
    await vi.waitFor(() => expect(lastAuditQuery(seen).get('action')).toBe('user_role_changed'));
    await user.click(screen.getByRole('button', { name: /exporter en csv/i }));

    await vi.waitFor(() => expect(downloads).toEqual(['audit.csv']));
    const exported = seen.find((r) => r.path.startsWith('/api/audit/export'));
    expect(exported?.path).toBe('/api/audit/export?action=user_role_changed');
    expect(exported?.headers.get('Accept')).toBe('text/csv');
    expect(await createObjectURL.mock.calls[0]?.[0].text()).toBe('at,actor_name\n');
  });

  it('reads right to left in Arabic, with the changes and the IP left to right', async () => {
    adminServer();
    renderApp('/audit', 'ar');

    expect(await screen.findByRole('heading', { name: 'سجلّ التدقيق' })).toBeInTheDocument();
    const role = await rowOf('تغيير الدور');
    expect(within(role).getByText('مدير النظام')).toBeInTheDocument();
    expect(within(role).getByText('197.1.2.3').closest('bdi')).toHaveAttribute('dir', 'ltr');
    const change = within(role).getByText('role:').closest('bdi');
    expect(change).toHaveAttribute('dir', 'ltr');
    expect(plain(change?.textContent ?? null)).toBe('role: staff → admin');
    expect(document.documentElement).toHaveAttribute('dir', 'rtl');
  });

  it("shows the server's message when it refuses a filter", async () => {
    adminServer((request) =>
      request.path.startsWith('/api/audit?') && query(request).get('action') === 'schedule_updated'
        ? jsonResponse(400, {
            title: 'Bad Request',
            status: 400,
            detail: 'The request has invalid fields.',
            errors: [{ field: 'action', message: 'is not an audited action' }],
          })
        : undefined,
    );
    renderApp('/audit');
    const user = setupUser();
    await rowOf('Rôle modifié');

    await choose(user, 'Action', 'Horaires modifiés', 'horaires');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The request has invalid fields.');
    expect(alert).toHaveTextContent('action: is not an audited action');
    expect(screen.queryByText('Rôle modifié')).not.toBeInTheDocument();
  });
});
