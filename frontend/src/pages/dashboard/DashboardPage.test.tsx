import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { InvoiceStatistics, ServiceStatistics } from '../../api/types';
import { jsonResponse } from '../../test/fetchMock';
import { serverFor, testAppointment, testSchedule } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const SERVICES: ServiceStatistics = {
  total: 12,
  by_status: { scheduled: 4, in_progress: 2, completed: 5, cancelled: 1 },
  scheduled_today: 2,
  scheduled_this_week: 5,
  scheduled_this_month: 9,
  completed_this_month: 5,
  revenue: '1234.500',
  revenue_this_month: '12345678901234.125',
  average_completion_seconds: 9000,
  today: '2026-03-11',
  time_zone: 'Africa/Tunis',
};

const totals = (count: number, amount: string) => ({ count, amount });
const INVOICES: InvoiceStatistics = {
  by_status: {
    draft: totals(1, '50.000'),
    pending: totals(3, '320.000'),
    paid: totals(8, '1500.000'),
    cancelled: totals(0, '0.000'),
    refunded: totals(1, '20.000'),
  },
  revenue: '1480.000',
  outstanding: totals(3, '320.000'),
  overdue: totals(1, '105.125'),
  this_month: { issued: totals(2, '200.000'), paid: totals(1, '100.000'), refunded: '0.000', revenue: '100.000' },
  refunded: '20.000',
  total: 13,
  today: '2026-04-01',
  time_zone: 'Africa/Tunis',
};

/** The appointment routes the dashboard asks, with no appointment. */
function noAppointments(path: string): Response | undefined {
  if (path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
  if (path.startsWith('/api/appointments?')) return jsonResponse(200, { results: [], next_cursor: null });
  return undefined;
}

beforeEach(() => setAccessToken(null));
afterEach(() => vi.useRealTimers());

describe('dashboard', () => {
  it('shows the figures of both statistics routes, amounts to the last digit', async () => {
    serverFor('staff', (request) => {
      if (request.path === '/api/services/statistics') return jsonResponse(200, SERVICES);
      if (request.path === '/api/invoices/statistics') return jsonResponse(200, INVOICES);
      return noAppointments(request.path);
    });
    renderApp('/dashboard');

    expect(await screen.findByText('Planifiées aujourd\'hui')).toBeInTheDocument();
    const text = plain(document.body.textContent ?? '');
    expect(text).toContain('Cette semaine : 5');
    expect(text).toContain('12 345 678 901 234,125 TND');
    expect(text).toContain("Durée moyenne d'une intervention : 2,5 h");
    expect(text).toContain('1 480,000 TND');
    expect(text).toContain('320,000 TND');
    expect(text).toContain('105,125 TND');
    expect(text).toContain('3 facture(s)');
    expect(screen.getByText('Interventions par état')).toBeInTheDocument();
  });

  it('still shows the services figures when the invoices statistics fail', async () => {
    serverFor('staff', (request) => {
      if (request.path === '/api/services/statistics') return jsonResponse(200, SERVICES);
      if (request.path === '/api/invoices/statistics') return jsonResponse(503, { status: 503 }, { 'Retry-After': '7' });
      return noAppointments(request.path);
    });
    renderApp('/dashboard');

    expect(await screen.findByText('Service momentanément indisponible. Réessayez dans 7 s.')).toBeInTheDocument();
    expect(screen.getByText('Terminées ce mois-ci')).toBeInTheDocument();
    expect(screen.queryByText('Factures en retard')).not.toBeInTheDocument();
  });

  it("lists today's and tomorrow's open appointments still ahead, soonest first, each linking to it", async () => {
    // Wednesday 11 March 2026, 10:30 in Tunis.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-11T09:30:00Z'));
    const seen = serverFor('staff', (request) => {
      if (request.path === '/api/services/statistics') return jsonResponse(200, SERVICES);
      if (request.path === '/api/invoices/statistics') return jsonResponse(200, INVOICES);
      if (request.path === '/api/appointments?from=2026-03-11&to=2026-03-12&limit=200') {
        return jsonResponse(200, {
          results: [
            testAppointment({ id: 'past', starts_at: '2026-03-11T07:00:00Z', ends_at: '2026-03-11T08:00:00Z' }),
            testAppointment({
              id: 'gone',
              status: 'cancelled',
              car: { license_plate: '999TU9999', make: 'Fiat', model: 'Punto' },
              starts_at: '2026-03-11T13:00:00Z',
              ends_at: '2026-03-11T14:00:00Z',
            }),
            testAppointment({
              id: 'tomorrow',
              status: 'confirmed',
              car: { license_plate: '456TU789', make: 'Renault', model: 'Clio' },
              customer_name: 'Sonia Trabelsi',
              starts_at: '2026-03-12T07:00:00Z',
              ends_at: '2026-03-12T08:00:00Z',
            }),
            testAppointment({ id: 'soon', starts_at: '2026-03-11T10:00:00Z', ends_at: '2026-03-11T11:00:00Z' }),
          ],
          next_cursor: null,
        });
      }
      return noAppointments(request.path);
    });
    renderApp('/dashboard');

    const card = (await screen.findByText('Prochains rendez-vous')).closest('.ant-card') as HTMLElement;
    const links = await within(card).findAllByRole('link', { name: /TU/ });
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ["Aujourd'hui 11:00 · 123TU4567", '/appointments/soon'],
      ['Demain 08:00 · 456TU789', '/appointments/tomorrow'],
    ]);
    expect(within(card).getByText('Renault Clio · Sonia Trabelsi')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'Voir le planning' })).toHaveAttribute('href', '/appointments');
    expect(seen.some((r) => r.path.startsWith('/api/appointments?'))).toBe(true);
  });
});
