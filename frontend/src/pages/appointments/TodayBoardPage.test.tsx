import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '../../api/session';
import { jsonResponse } from '../../test/fetchMock';
import { serverFor, testAppointment, testSchedule, testService } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

beforeEach(() => {
  setAccessToken(null);
  // Wednesday 11 March 2026, 11:00 in Tunis.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-11T10:00:00Z'));
});
afterEach(() => vi.useRealTimers());

const car = (license_plate: string) => ({ license_plate, make: 'Peugeot', model: '208' });
const TODAY = [
  testAppointment({ id: 'a1', status: 'confirmed', car: car('111TU1111'), starts_at: '2026-03-11T13:00:00Z' }),
  testAppointment({ id: 'a2', status: 'requested', car: car('222TU2222'), starts_at: '2026-03-11T14:00:00Z' }),
  testAppointment({ id: 'a3', status: 'checked_in', car: car('333TU3333'), service_id: 's3' }),
  testAppointment({ id: 'a4', status: 'checked_in', car: car('444TU4444'), service_id: 's4' }),
  testAppointment({ id: 'a5', status: 'checked_in', car: car('555TU5555'), service_id: 's5' }),
  testAppointment({ id: 'a6', status: 'cancelled', car: car('666TU6666') }),
];
const SERVICES = {
  s3: testService({ id: 's3', status: 'scheduled', title: 'Vidange' }),
  s4: testService({ id: 's4', status: 'in_progress', title: 'Freins' }),
  s5: testService({ id: 's5', status: 'completed', title: 'Pneus' }),
};

describe("today's board (staff)", () => {
  it("puts today's cars in the column of their appointment or service, each linking to it", async () => {
    const seen = serverFor('staff', (request) => {
      if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
      if (request.path === '/api/appointments?from=2026-03-11&to=2026-03-11&limit=200') {
        return jsonResponse(200, { results: TODAY, next_cursor: null });
      }
      const service = /^\/api\/services\/(s\d)$/.exec(request.path)?.[1];
      if (service !== undefined && service in SERVICES) return jsonResponse(200, SERVICES[service as keyof typeof SERVICES]);
      return undefined;
    });
    renderApp('/appointments/today');

    expect(await screen.findByRole('heading', { name: 'Atelier du jour — mercredi 11 mars 2026' })).toBeInTheDocument();
    const expected = await screen.findByRole('region', { name: 'Attendus' });
    expect(await within(expected).findByText('111TU1111')).toBeInTheDocument();
    expect(within(expected).getByText('222TU2222')).toBeInTheDocument();
    expect(within(expected).getByText('14:00')).toBeInTheDocument();
    const arrived = screen.getByRole('region', { name: 'Arrivés' });
    const working = screen.getByRole('region', { name: 'En cours' });
    const done = screen.getByRole('region', { name: 'Terminés' });
    expect(await within(working).findByText('444TU4444')).toBeInTheDocument();
    expect(await within(done).findByText('555TU5555')).toBeInTheDocument();
    expect(within(arrived).getByText('333TU3333')).toBeInTheDocument();
    expect(within(working).getByText('Freins')).toBeInTheDocument();
    expect(within(working).queryByText('333TU3333')).not.toBeInTheDocument();
    expect(screen.queryByText('666TU6666')).not.toBeInTheDocument();
    // A booked car opens its appointment, a checked-in one its service.
    expect(within(expected).getByRole('link', { name: 'Ouvrir 111TU1111' })).toHaveAttribute('href', '/appointments/a1');
    expect(within(working).getByRole('link', { name: 'Ouvrir 444TU4444' })).toHaveAttribute('href', '/services/s4');
    expect(seen.filter((r) => r.path.startsWith('/api/services/')).map((r) => r.path).sort()).toEqual([
      '/api/services/s3',
      '/api/services/s4',
      '/api/services/s5',
    ]);
  });
});
