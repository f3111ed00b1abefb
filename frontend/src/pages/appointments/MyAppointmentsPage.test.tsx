import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '../../api/session';
import { jsonResponse } from '../../test/fetchMock';
import { serverFor, testAppointment, testCar, testSchedule, testSlot } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

beforeEach(() => {
  setAccessToken(null);
  // Wednesday 11 March 2026, 08:00 in Tunis. Only the clock is fixed: timers run as usual.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-11T07:00:00Z'));
});
afterEach(() => vi.useRealTimers());

const SLOTS = [
  testSlot('2026-03-11T08:00:00Z', 2), // 09:00 in Tunis
  testSlot('2026-03-11T09:00:00Z', 0), // 10:00, full
  testSlot('2026-03-11T10:00:00Z', 1), // 11:00
  testSlot('2026-03-12T08:00:00Z', 2),
];

describe('my appointments (customer)', () => {
  it('books a request for one of their cars in a free slot, and says the garage will confirm it', async () => {
    const seen = serverFor('customer', (request) => {
      if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
      if (request.method === 'GET' && request.path.startsWith('/api/appointments?')) {
        return jsonResponse(200, { results: [], next_cursor: null });
      }
      if (request.path === '/api/cars?limit=200') return jsonResponse(200, { results: [testCar()], next_cursor: null });
      if (request.path === '/api/appointments/slots?from=2026-03-11&to=2026-03-31') {
        return jsonResponse(200, { time_zone: 'Africa/Tunis', slots: SLOTS });
      }
      if (request.method === 'POST' && request.path === '/api/appointments') {
        return jsonResponse(201, testAppointment({ description: 'Vidange et freins' }));
      }
      return undefined;
    });
    renderApp('/my-appointments');
    const user = setupUser();
    expect(await screen.findByText('Aucun rendez-vous')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /demander un rendez-vous/i }));
    const dialog = await screen.findByRole('dialog');
    // The first day with a free place is shown: its full slot cannot be picked.
    const slots = await within(dialog).findByRole('group', { name: 'Créneaux du mercredi 11 mars 2026' });
    expect(within(slots).getByRole('button', { name: /^10:00/ })).toBeDisabled();
    expect(within(slots).getByRole('button', { name: /^10:00/ })).toHaveTextContent('Complet');
    expect(within(slots).getByRole('button', { name: /^11:00/ })).toHaveTextContent('1 libre(s)');
    // Their only car is already chosen.
    expect(await within(dialog).findByText('123TU4567 · Peugeot 208')).toBeInTheDocument();

    await user.click(within(slots).getByRole('button', { name: /^09:00/ }));
    await user.fill(within(dialog).getByLabelText('Travaux demandés'), 'Vidange et freins');
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer la demande' }));

    expect(await screen.findByText('Demande envoyée : le garage va la confirmer.')).toBeInTheDocument();
    const posts = seen.filter((r) => r.method === 'POST' && r.path === '/api/appointments');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual({ car_id: 'car1', starts_at: '2026-03-11T08:00:00Z', description: 'Vidange et freins' });
    expect(posts[0]?.headers.get('Idempotency-Key')).toMatch(/\S{16,}/);
    // The list is asked again, with the new request in it.
    await waitFor(() => expect(seen.filter((r) => r.path.startsWith('/api/appointments?')).length).toBeGreaterThan(1));
  });

  it("shows the server's refusal when it is too late to cancel online", async () => {
    const tomorrow = testAppointment({
      status: 'confirmed',
      starts_at: '2026-03-12T07:00:00Z',
      ends_at: '2026-03-12T08:00:00Z',
      version: 5,
    });
    const seen = serverFor('customer', (request) => {
      if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
      if (request.method === 'GET' && request.path.startsWith('/api/appointments?')) {
        return jsonResponse(200, { results: [tomorrow], next_cursor: null });
      }
      if (request.path === '/api/appointments/a1/cancel') {
        return jsonResponse(409, {
          status: 409,
          title: 'Conflict',
          detail: 'Appointments can be changed online up to 24 hours before; please call the garage.',
        });
      }
      return undefined;
    });
    renderApp('/my-appointments');
    const user = setupUser();

    expect(await screen.findByText('jeudi 12 mars 2026, 08:00 – 09:00')).toBeInTheDocument();
    expect(screen.getByText(/jusqu'à 24 h avant/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Annuler le rendez-vous' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Annuler le rendez-vous' }));

    expect(
      await within(dialog).findByText(
        'Conflit : Appointments can be changed online up to 24 hours before; please call the garage.',
      ),
    ).toBeInTheDocument();
    const cancel = seen.find((r) => r.path === '/api/appointments/a1/cancel');
    expect(cancel?.headers.get('If-Match')).toBe('"5"');
    expect(cancel?.body).toEqual({});
  });
});
