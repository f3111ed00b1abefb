import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { Customer, CustomerStatistics, Role } from '../../api/types';
import { jsonResponse, type SeenRequest } from '../../test/fetchMock';
import { serverFor, testCar, testService } from '../../test/fixtures';
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

/** The customer's page or portal; `more` answers what the test is about. */
function customerServer(role: Role, more: (request: SeenRequest) => Response | undefined = () => undefined) {
  return serverFor(role, (request) => {
    if (request.path === '/api/customers/c1' || request.path === '/api/customers/me') return jsonResponse(200, AMINA);
    if (request.path === '/api/customers/c1/statistics') return jsonResponse(200, STATISTICS);
    if (request.path.startsWith('/api/customers/c1/cars?')) return jsonResponse(200, { results: [testCar()], next_cursor: null });
    if (request.path.startsWith('/api/customers/c1/service_history?')) {
      return jsonResponse(200, { results: HISTORY, next_cursor: null });
    }
    if (request.path.startsWith('/api/invoices?')) return jsonResponse(200, { results: [], next_cursor: null });
    if (request.path === '/api/notifications/devices') return jsonResponse(200, []);
    return more(request);
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
  });
});
