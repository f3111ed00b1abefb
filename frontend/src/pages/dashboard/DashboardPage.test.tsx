import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { InvoiceStatistics, ServiceStatistics } from '../../api/types';
import { jsonResponse } from '../../test/fetchMock';
import { serverFor } from '../../test/fixtures';
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

beforeEach(() => setAccessToken(null));

describe('dashboard', () => {
  it('shows the figures of both statistics routes, amounts to the last digit', async () => {
    serverFor('staff', (request) => {
      if (request.path === '/api/services/statistics') return jsonResponse(200, SERVICES);
      if (request.path === '/api/invoices/statistics') return jsonResponse(200, INVOICES);
      return undefined;
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
      return undefined;
    });
    renderApp('/dashboard');

    expect(await screen.findByText('Service momentanément indisponible. Réessayez dans 7 s.')).toBeInTheDocument();
    expect(screen.getByText('Terminées ce mois-ci')).toBeInTheDocument();
    expect(screen.queryByText('Factures en retard')).not.toBeInTheDocument();
  });
});
