import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { Customer, CustomerStatistics, Role } from '../../api/types';
import { jsonResponse, type SeenRequest } from '../../test/fetchMock';
import { serverFor, testAuditRecord, testCar, testSchedule, testService } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

const AMINA: Customer = {
  id: 'c1',
  user_id: 'u-c1',
  first_name: 'Amina',
  last_name: 'Ben Salah',
  email: 'amina@example.com',
  phone: '+21612345678',
  address: '',
  notes: '',
  version: 1,
  created_at: '2026-02-01T09:00:00Z',
  updated_at: '2026-02-01T09:00:00Z',
};

const STATISTICS: CustomerStatistics = {
  customer_id: 'c1',
  cars: 1,
  services: 2,
  completed_services: 1,
  total_spent: '68.750',
  paid_invoices: { count: 1, amount: '68.750' },
  unpaid_invoices: { count: 0, amount: '0.000' },
  last_service_date: '2026-03-02',
};

/** The history as the API answers it: newest first. */
const HISTORY = [
  testService({ id: 's2', title: 'Freins', status: 'scheduled', scheduled_date: '2026-04-10', subtotal: '80.000' }),
  testService({
    id: 's1',
    title: 'Vidange',
    status: 'completed',
    scheduled_date: '2026-03-01',
    completed_date: '2026-03-02',
    subtotal: '68.750',
  }),
];

/** What staff changed on the customer, newest first: two pages. */
const CHANGES = [
  testAuditRecord({
    id: 'h3',
    at: '2026-03-05T08:15:00Z',
    actor: { user_id: 'staff-1', name: 'Sami Staff', role: 'staff', ip: '197.1.2.3' },
    before: { phone: '+21612345678', notes: '' },
    after: { phone: '+21698765432', notes: 'Client fidèle' },
  }),
  testAuditRecord({
    id: 'h2',
    at: '2026-02-20T09:00:00Z',
    actor: { user_id: 'admin-1', name: 'Bea Boss', role: 'admin', ip: null },
    before: { address: null },
    after: { address: 'Rue de Marseille, Tunis' },
  }),
];
const OLDER_CHANGE = testAuditRecord({
  id: 'h1',
  at: '2026-02-02T10:00:00Z',
  before: { email: 'amina@old.example' },
  after: { email: 'amina@example.com' },
});

/** The history as the API answers it: a first page with a cursor, then the last one. */
function historyPage(request: SeenRequest): Response {
  const cursor = new URL(request.path, 'http://x').searchParams.get('cursor');
  return cursor === 'older'
    ? jsonResponse(200, { results: [OLDER_CHANGE], next_cursor: null })
    : jsonResponse(200, { results: CHANGES, next_cursor: 'older' });
}

/** The customer's page or portal; `more` answers what the test is about. */
function customerServer(role: Role, more: (request: SeenRequest) => Response | undefined = () => undefined) {
  return serverFor(role, (request) => {
    const answer = more(request);
    if (answer !== undefined) return answer;
    if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
    if (request.path.startsWith('/api/customers/c1/history?')) return historyPage(request);
    if (request.path === '/api/customers/c1' || request.path === '/api/customers/me') return jsonResponse(200, AMINA);
    if (request.path === '/api/customers/c1/statistics') return jsonResponse(200, STATISTICS);
    if (request.path.startsWith('/api/customers/c1/cars?')) return jsonResponse(200, { results: [testCar()], next_cursor: null });
    if (request.path.startsWith('/api/customers/c1/service_history?')) {
      return jsonResponse(200, { results: HISTORY, next_cursor: null });
    }
    if (request.path.startsWith('/api/invoices?')) return jsonResponse(200, { results: [], next_cursor: null });
    if (request.path === '/api/notifications/devices') return jsonResponse(200, []);
    return undefined;
  });
}

/** The card titled `title` (the side menu may name a screen the same). */
async function card(title: string): Promise<HTMLElement> {
  const heading = (await screen.findAllByText(title)).find((element) => element.closest('.ant-card-head') !== null);
  const found = heading?.closest('.ant-card');
  if (!(found instanceof HTMLElement)) throw new Error(`no card titled ${title}`);
  return found;
}

beforeEach(() => setAccessToken(null));

describe('customer page', () => {
  it('shows the service history as a timeline, newest first, each service linked with its status and amount', async () => {
    customerServer('staff');
    renderApp('/customers/c1');

    const history = await card('Historique des interventions');
    const links = await within(history).findAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Freins', '/services/s2'],
      ['Vidange', '/services/s1'],
    ]);
    const entries = [...history.querySelectorAll('.ant-timeline-item')].map((item) => plain(item.textContent));
    expect(entries[0]).toContain('10 avr. 2026');
    expect(entries[0]).toContain('Planifiée');
    expect(entries[0]).toContain('80,000 TND');
    // A completed service is dated by its completion.
    expect(entries[1]).toContain('2 mars 2026');
    expect(entries[1]).toContain('Terminée');
    expect(within(await card('Véhicules')).getByRole('link', { name: 'Ouvrir 123TU4567' })).toBeInTheDocument();
  });

  it("adds a car to this customer; an error about the owner, who is not on the form, shows above it", async () => {
    const seen = customerServer('staff', (request) =>
      request.method === 'POST' && request.path === '/api/cars'
        ? jsonResponse(400, {
            title: 'Bad Request',
            status: 400,
            errors: [{ field: 'customer_id', message: 'client introuvable' }],
          })
        : undefined,
    );
    renderApp('/customers/c1');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: /ajouter un véhicule/i }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByRole('combobox', { name: 'Choisir un client' })).not.toBeInTheDocument();
    await user.fill(within(dialog).getByLabelText('Immatriculation'), '123 TU 4567');
    await user.fill(within(dialog).getByLabelText('Marque'), 'Peugeot');
    await user.fill(within(dialog).getByLabelText('Modèle'), '208');
    await user.fill(within(dialog).getByLabelText('Année'), '2020');
    await user.click(within(dialog).getByRole('button', { name: /créer/i }));

    expect(await within(dialog).findByText('customer_id: client introuvable')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'POST' && r.path === '/api/cars')?.body).toMatchObject({ customer_id: 'c1' });
  });
});

describe("customer's change history", () => {
  it('shows staff who changed what, newest first, and loads older changes on demand', async () => {
    const seen = customerServer('staff');
    renderApp('/customers/c1');
    const user = setupUser();

    const history = await card('Historique des modifications');
    const rows = async () => {
      await within(history).findByText('Sami Staff');
      return [...history.querySelectorAll('tr.ant-table-row')].map((row) => plain(row.textContent));
    };
    const [newest, older] = await rows();
    // 08:15 UTC is 09:15 on the garage's clock (Tunis).
    expect(newest).toContain('5 mars 2026');
    expect(newest).toContain('09:15');
    expect(newest).toContain('Personnel');
    expect(newest).toContain('197.1.2.3');
    expect(newest).toContain('Client modifié');
    expect(newest).toContain('phone: +21612345678 → +21698765432');
    expect(newest).toContain('notes: "" → Client fidèle');
    expect(older).toContain('Bea Boss');
    expect(older).toContain('Administrateur');
    expect(older).toContain('address: — → Rue de Marseille, Tunis');

    await user.click(within(history).getByRole('button', { name: 'Afficher plus' }));
    await within(history).findByText(/amina@old\.example/);
    expect(history.querySelectorAll('tr.ant-table-row')).toHaveLength(3);
    expect(within(history).queryByRole('button', { name: 'Afficher plus' })).not.toBeInTheDocument();
    const asked = seen.filter((r) => r.path.startsWith('/api/customers/c1/history?')).map((r) => r.path);
    expect(asked).toEqual(['/api/customers/c1/history?limit=20', '/api/customers/c1/history?limit=20&cursor=older']);
  });

  it('says when nothing was changed', async () => {
    customerServer('admin', (request) =>
      request.path.startsWith('/api/customers/c1/history?') ? jsonResponse(200, { results: [], next_cursor: null }) : undefined,
    );
    renderApp('/customers/c1');

    const history = await card('Historique des modifications');
    expect(await within(history).findByText('Aucune modification enregistrée')).toBeInTheDocument();
    expect(within(history).queryByRole('button', { name: 'Afficher plus' })).not.toBeInTheDocument();
  });

  it("is never asked for by a customer, who is sent to their own profile from a customer's page", async () => {
    const seen = customerServer('customer');
    renderApp('/customers/c1');

    expect(await screen.findByText('amina@example.com')).toBeInTheDocument();
    await within(await card('Véhicules')).findByRole('link', { name: 'Ouvrir 123TU4567' });
    expect(screen.queryByText('Historique des modifications')).not.toBeInTheDocument();
    expect(seen.some((r) => r.path.includes('/history'))).toBe(false);
  });
});

describe('customer portal', () => {
  it('shows the customer their own profile, cars and service history, asking only for their own', async () => {
    const seen = customerServer('customer');
    renderApp('/profile');

    expect(await screen.findByText('amina@example.com')).toBeInTheDocument();
    expect(await within(await card('Véhicules')).findByRole('link', { name: 'Ouvrir 123TU4567' })).toBeInTheDocument();
    expect(await within(await card('Historique des interventions')).findByRole('link', { name: 'Vidange' })).toBeInTheDocument();
    const asked = new Set(seen.map((r) => new URL(r.path, 'http://x').pathname));
    const customerRoutes = [...asked].filter((path) => path.startsWith('/api/customers')).sort();
    expect(customerRoutes).toEqual(['/api/customers/c1/cars', '/api/customers/c1/service_history', '/api/customers/me']);
    expect(asked.has('/api/cars')).toBe(false);
    // The profile's change history is for staff: the API refuses it to customers.
    expect(screen.queryByText('Historique des modifications')).not.toBeInTheDocument();
    expect(asked.has('/api/customers/c1/history')).toBe(false);
  });
});
