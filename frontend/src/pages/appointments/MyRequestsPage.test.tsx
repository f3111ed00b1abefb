import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { ServiceRequest } from '../../api/types';
import { jsonResponse, type SeenRequest } from '../../test/fetchMock';
import { serverFor, testCar, testRequest, testSchedule } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

beforeEach(() => {
  setAccessToken(null);
  // Wednesday 11 March 2026, 08:00 in Tunis. Only the clock is fixed: timers run as usual.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-11T07:00:00Z'));
});
afterEach(() => vi.useRealTimers());

/** A customer's server listing `requests`; `more` answers the rest. */
function customerServer(requests: () => ServiceRequest[], more: (request: SeenRequest) => Response | undefined = () => undefined) {
  return serverFor('customer', (request) => {
    if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
    if (request.method === 'GET' && request.path === '/api/appointments/requests?limit=25') {
      return jsonResponse(200, { results: requests(), next_cursor: null });
    }
    if (request.path === '/api/cars?limit=200') return jsonResponse(200, { results: [testCar()], next_cursor: null });
    return more(request);
  });
}

describe('my requests (customer)', () => {
  it('describes a problem with their car and the days that suit them, and sees it listed', async () => {
    const sent = testRequest({ description: 'Voyant moteur allumé', preferred_days: ['2026-03-12', '2026-03-16'] });
    let requests: ServiceRequest[] = [];
    const seen = customerServer(
      () => requests,
      (request) => {
        if (request.method === 'POST' && request.path === '/api/appointments/requests') {
          requests = [sent];
          return jsonResponse(201, sent);
        }
        return undefined;
      },
    );
    renderApp('/my-requests');
    const user = setupUser();
    expect(await screen.findByText('Aucune demande')).toBeInTheDocument();
    const menu = screen.getByRole('menu', { name: 'Menu principal' });
    expect(within(menu).getByText('Mes demandes')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /décrire un problème/i }));
    const dialog = await screen.findByRole('dialog');
    // Their only car is already chosen.
    expect(await within(dialog).findByText('123TU4567 · Peugeot 208')).toBeInTheDocument();
    // A description needs words.
    await user.fill(within(dialog).getByLabelText('Problème rencontré'), '1234 !!');
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer au garage' }));
    expect(await within(dialog).findByText('Décrivez le problème en quelques mots.')).toBeInTheDocument();
    expect(seen.some((r) => r.method === 'POST' && r.path.startsWith('/api/appointments'))).toBe(false);

    await user.fill(within(dialog).getByLabelText('Problème rencontré'), '  Voyant moteur allumé ');
    const days = within(dialog).getByLabelText('Jours qui vous conviennent (facultatif)');
    /** Opens the day picker and clicks a day of March 2026. */
    async function pickDay(date: string) {
      await user.click(days);
      const cell = await waitFor(() => {
        const found = document.querySelector<HTMLElement>(`td[title="${date}"]`);
        expect(found).not.toBeNull();
        return found as HTMLElement;
      });
      await user.click(cell);
      return cell;
    }
    // Past days cannot be picked.
    await pickDay('2026-03-16');
    expect(document.querySelector('td[title="2026-03-10"]')).toHaveClass('ant-picker-cell-disabled');
    await pickDay('2026-03-12');
    await pickDay('2026-03-20');
    expect(within(dialog).getByText('20 mars 2026')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('img', { name: 'Retirer le 20 mars 2026' }));
    expect(within(dialog).queryByText('20 mars 2026')).not.toBeInTheDocument();
    expect(within(dialog).getByText('12 mars 2026')).toBeInTheDocument();
    expect(within(dialog).getByText('16 mars 2026')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer au garage' }));

    expect(await screen.findByText('Demande envoyée au garage.')).toBeInTheDocument();
    const posts = seen.filter((r) => r.method === 'POST' && r.path === '/api/appointments/requests');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual({
      car_id: 'car1',
      description: 'Voyant moteur allumé',
      preferred_days: ['2026-03-12', '2026-03-16'],
    });
    // The list is asked again, with the new request in it.
    expect(await screen.findByText('Voyant moteur allumé')).toBeInTheDocument();
    expect(screen.getByText('Jours souhaités : 12 mars 2026, 16 mars 2026')).toBeInTheDocument();
    expect(screen.getByText('Ouverte')).toBeInTheDocument();
  });

  it("shows the field errors the server gives", async () => {
    customerServer(
      () => [],
      (request) =>
        request.method === 'POST' && request.path === '/api/appointments/requests'
          ? jsonResponse(400, {
              status: 400,
              title: 'Bad Request',
              errors: [{ field: 'preferred_days', message: 'must be within a year' }],
            })
          : undefined,
    );
    renderApp('/my-requests');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: /décrire un problème/i }));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('123TU4567 · Peugeot 208');
    await user.fill(within(dialog).getByLabelText('Problème rencontré'), 'Vidange');
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer au garage' }));

    expect(await within(dialog).findByText(/must be within a year/)).toBeInTheDocument();
  });

  it("withdraws an open request, and shows the garage's answer and what the others became", async () => {
    const open = testRequest({ version: 4 });
    const closed = testRequest({
      id: 'r2',
      status: 'closed',
      description: 'Pneus usés ?',
      answer: 'Ils tiendront encore 5 000 km.',
      preferred_days: [],
    });
    const booked = testRequest({ id: 'r3', status: 'booked', description: 'Vidange', appointment_id: 'a7' });
    let requests = [open, closed, booked];
    const seen = customerServer(
      () => requests,
      (request) => {
        if (request.method === 'POST' && request.path === '/api/appointments/requests/r1/withdraw') {
          const withdrawn = { ...open, status: 'withdrawn' as const, version: 5 };
          requests = [withdrawn, closed, booked];
          return jsonResponse(200, withdrawn);
        }
        return undefined;
      },
    );
    renderApp('/my-requests');
    const user = setupUser();

    expect(await screen.findByText('Réponse du garage : Ils tiendront encore 5 000 km.')).toBeInTheDocument();
    expect(screen.getByText('Jours souhaités : indifférent')).toBeInTheDocument();
    expect(screen.getByText('Clôturée')).toBeInTheDocument();
    expect(screen.getByText('Rendez-vous pris')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Voir le rendez-vous' })).toBeInTheDocument();
    // Only the open one can be withdrawn.
    expect(screen.getAllByRole('button', { name: 'Retirer la demande' })).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Retirer la demande' }));
    const confirm = await screen.findByRole('dialog');
    expect(confirm).toHaveTextContent('Retirer votre demande pour 123TU4567 ?');
    await user.click(within(confirm).getByRole('button', { name: 'Retirer la demande' }));

    expect(await screen.findByText('Demande retirée.')).toBeInTheDocument();
    const withdraw = seen.filter((r) => r.path === '/api/appointments/requests/r1/withdraw');
    expect(withdraw).toHaveLength(1);
    expect(withdraw[0]?.method).toBe('POST');
    expect(withdraw[0]?.headers.get('If-Match')).toBe('"4"');
    expect(await screen.findByText('Retirée')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retirer la demande' })).not.toBeInTheDocument();
  });

  it('opens the request form from the appointments page too', async () => {
    customerServer(
      () => [],
      (request) =>
        request.method === 'GET' && request.path.startsWith('/api/appointments?')
          ? jsonResponse(200, { results: [], next_cursor: null })
          : undefined,
    );
    renderApp('/my-appointments');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: /décrire un problème/i }));
    expect(await screen.findByText('Décrire un problème au garage')).toBeInTheDocument();
  });
});
