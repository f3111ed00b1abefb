import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { ServiceRequest } from '../../api/types';
import { jsonResponse, type SeenRequest } from '../../test/fetchMock';
import { OPEN_REQUEST_COUNT_PATH, serverFor, testRequest, testSchedule, testSlot } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

beforeEach(() => {
  setAccessToken(null);
  // Wednesday 11 March 2026, 08:00 in Tunis (UTC+1).
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-11T07:00:00Z'));
});
afterEach(() => vi.useRealTimers());

const REQUEST = testRequest(); // Amine Ben Ali, 123TU4567, would like Thursday 12 or Friday 13
const OTHER = testRequest({
  id: 'r2',
  customer_id: 'c2',
  customer_name: 'Sonia Trabelsi',
  car_id: 'car2',
  car: { license_plate: '456TU789', make: 'Renault', model: 'Clio' },
  description: 'Climatisation en panne',
  preferred_days: [],
  version: 6,
});
const SLOTS = [
  testSlot('2026-03-11T10:00:00Z', 1), // Wednesday 11:00
  testSlot('2026-03-12T08:00:00Z', 2), // Thursday 09:00
  testSlot('2026-03-12T09:00:00Z', 0), // Thursday 10:00, full
];

/**
 * A staff server with the open requests (`open()`, both by default, also counted for the
 * menu); `more` answers the changes and the rest.
 */
function requestsServer(
  more: (request: SeenRequest) => Response | undefined = () => undefined,
  open: () => ServiceRequest[] = () => [REQUEST, OTHER],
) {
  return serverFor('staff', (request) => {
    if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
    if (request.method === 'GET' && (request.path === '/api/appointments/requests?status=open&limit=25' || request.path === OPEN_REQUEST_COUNT_PATH)) {
      return jsonResponse(200, { results: open(), next_cursor: null });
    }
    if (request.path.startsWith('/api/appointments/slots?')) return jsonResponse(200, { time_zone: 'Africa/Tunis', slots: SLOTS });
    return more(request);
  });
}

/** The dialog titled `title` (Ant Design gives every dialog the same id under test). */
async function dialogTitled(title: string): Promise<HTMLElement> {
  const heading = await screen.findByText(title, { selector: '.ant-modal-title' });
  return heading.closest<HTMLElement>('[role="dialog"]') as HTMLElement;
}

describe('customer requests (staff)', () => {
  it('lists the open requests with the customer, the car, the problem and the days asked, and counts them in the menu', async () => {
    const seen = requestsServer();
    renderApp('/appointments/requests');

    expect(await screen.findByText('Climatisation en panne')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Demandes des clients' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Amine Ben Ali' })).toHaveAttribute('href', '/customers/c1');
    expect(screen.getByRole('link', { name: '123TU4567 · Peugeot 208' })).toHaveAttribute('href', '/appointments/requests/r1');
    expect(screen.getByText('Jours souhaités : 12 mars 2026, 13 mars 2026')).toBeInTheDocument();
    expect(screen.getByText('Jours souhaités : indifférent')).toBeInTheDocument();
    expect(screen.getAllByText(/^Reçue le 1 mars 2026/)).toHaveLength(2);
    expect(screen.getAllByRole('button', { name: 'Prendre rendez-vous' })).toHaveLength(2);
    const menu = screen.getByRole('menu', { name: 'Menu principal' });
    expect(within(menu).getByText('Demandes')).toBeInTheDocument();
    expect(await within(menu).findByTitle('2 demande(s) ouverte(s)')).toBeInTheDocument();
    expect(seen.some((r) => r.path === '/api/appointments/requests?status=open&limit=25')).toBe(true);
  });

  it('shows the requests of another status', async () => {
    const closed = testRequest({ id: 'r9', status: 'closed', description: 'Question sur la garantie', answer: 'Elle court encore un an.' });
    const seen = requestsServer((request) =>
      request.path === '/api/appointments/requests?status=closed&limit=25'
        ? jsonResponse(200, { results: [closed], next_cursor: null })
        : undefined,
    );
    renderApp('/appointments/requests');
    const user = setupUser();

    await screen.findByText('Climatisation en panne');
    await user.click(screen.getByText('Clôturée'));

    expect(await screen.findByText('Réponse du garage : Elle court encore un an.')).toBeInTheDocument();
    expect(screen.queryByText('Climatisation en panne')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Prendre rendez-vous' })).not.toBeInTheDocument();
    expect(seen.some((r) => r.path === '/api/appointments/requests?status=closed&limit=25')).toBe(true);
  });

  it('books a request into a free slot, from the first day the customer asked for', async () => {
    let open = [REQUEST, OTHER];
    const seen = requestsServer(
      (request) => {
        if (request.method === 'POST' && request.path === '/api/appointments/requests/r1/book') {
          open = [OTHER];
          return jsonResponse(200, { ...REQUEST, status: 'booked', appointment_id: 'a9', version: 3 });
        }
        return undefined;
      },
      () => open,
    );
    renderApp('/appointments/requests');
    const user = setupUser();

    await screen.findByText('Climatisation en panne');
    await user.click(screen.getAllByRole('button', { name: 'Prendre rendez-vous' })[0] as HTMLElement);
    const dialog = await dialogTitled('Rendez-vous pour 123TU4567 (Amine Ben Ali)');
    expect(dialog).toHaveTextContent('Jours souhaités : 12 mars 2026, 13 mars 2026');
    // Thursday 12, the first day asked, is shown rather than today.
    const slots = await within(dialog).findByRole('group', { name: 'Créneaux du jeudi 12 mars 2026' });
    expect(within(slots).getByRole('button', { name: /^10:00/ })).toBeDisabled();
    // Nothing is booked without a slot.
    await user.click(within(dialog).getByRole('button', { name: 'Confirmer le rendez-vous' }));
    expect(await within(dialog).findByText('Choisissez un créneau.')).toBeInTheDocument();

    await user.click(within(slots).getByRole('button', { name: /^09:00/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Confirmer le rendez-vous' }));

    expect(await screen.findByText('Rendez-vous confirmé ; le client est prévenu.')).toBeInTheDocument();
    const book = seen.filter((r) => r.path === '/api/appointments/requests/r1/book');
    expect(book).toHaveLength(1);
    expect(book[0]?.body).toEqual({ starts_at: '2026-03-12T08:00:00Z' });
    expect(book[0]?.headers.get('If-Match')).toBe('"2"');
    // The list is asked again: the booked request has left the open ones.
    await waitFor(() => expect(screen.queryByText('123TU4567 · Peugeot 208')).not.toBeInTheDocument());
    expect(screen.getByText('Climatisation en panne')).toBeInTheDocument();
  });

  it("shows the server's conflict in the book dialog, and keeps it open", async () => {
    const seen = requestsServer((request) =>
      request.method === 'POST' && request.path === '/api/appointments/requests/r2/book'
        ? jsonResponse(409, { status: 409, title: 'Conflict', detail: 'This request is not open any more.' })
        : undefined,
    );
    renderApp('/appointments/requests');
    const user = setupUser();

    await screen.findByText('Climatisation en panne');
    await user.click(screen.getAllByRole('button', { name: 'Prendre rendez-vous' })[1] as HTMLElement);
    const dialog = await dialogTitled('Rendez-vous pour 456TU789 (Sonia Trabelsi)');
    // No day asked: the first day with a free place.
    const slots = await within(dialog).findByRole('group', { name: 'Créneaux du mercredi 11 mars 2026' });
    await user.click(within(slots).getByRole('button', { name: /^11:00/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Confirmer le rendez-vous' }));

    expect(await within(dialog).findByText('Conflit : This request is not open any more.')).toBeInTheDocument();
    expect(screen.queryByText('Rendez-vous confirmé ; le client est prévenu.')).not.toBeInTheDocument();
    expect(seen.find((r) => r.path === '/api/appointments/requests/r2/book')?.headers.get('If-Match')).toBe('"6"');
    // The slots are asked again, the list once the dialog is closed.
    const lists = () => seen.filter((r) => r.path === '/api/appointments/requests?status=open&limit=25').length;
    const before = lists();
    await user.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    await waitFor(() => expect(lists()).toBeGreaterThan(before));
  });

  it('closes a request with an answer sent to the customer', async () => {
    const seen = requestsServer((request) =>
      request.method === 'POST' && request.path === '/api/appointments/requests/r2/close'
        ? jsonResponse(200, { ...OTHER, status: 'closed', answer: 'Passez quand vous voulez le matin.', version: 7 })
        : undefined,
    );
    renderApp('/appointments/requests');
    const user = setupUser();

    await screen.findByText('Climatisation en panne');
    await user.click(screen.getAllByRole('button', { name: 'Répondre et clôturer' })[1] as HTMLElement);
    const dialog = await dialogTitled('Répondre à Sonia Trabelsi (456TU789)');
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer la réponse' }));
    expect(await within(dialog).findByText('Ce champ est obligatoire.')).toBeInTheDocument();
    await user.fill(within(dialog).getByLabelText('Réponse'), ' Passez quand vous voulez le matin. ');
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer la réponse' }));

    expect(await screen.findByText('Réponse envoyée ; demande clôturée.')).toBeInTheDocument();
    const close = seen.filter((r) => r.path === '/api/appointments/requests/r2/close');
    expect(close).toHaveLength(1);
    expect(close[0]?.body).toEqual({ answer: 'Passez quand vous voulez le matin.' });
    expect(close[0]?.headers.get('If-Match')).toBe('"6"');
  });

  it('opens a service for a request, titled from the first line of the problem, on the first day asked', async () => {
    const seen = requestsServer((request) =>
      request.method === 'POST' && request.path === '/api/appointments/requests/r1/open_service'
        ? jsonResponse(200, { ...REQUEST, status: 'serviced', service_id: 's5', version: 3 })
        : undefined,
    );
    renderApp('/appointments/requests');
    const user = setupUser();

    await screen.findByText('Climatisation en panne');
    await user.click(screen.getAllByRole('button', { name: 'Ouvrir une intervention' })[0] as HTMLElement);
    const dialog = await dialogTitled('Intervention pour 123TU4567 (Amine Ben Ali)');
    expect(within(dialog).getByLabelText('Intitulé')).toHaveValue('Bruit au freinage');
    await user.click(within(dialog).getByRole('button', { name: "Ouvrir l'intervention" }));

    expect(await screen.findByText('Intervention ouverte ; le client est prévenu.')).toBeInTheDocument();
    const open = seen.filter((r) => r.path === '/api/appointments/requests/r1/open_service');
    expect(open).toHaveLength(1);
    expect(open[0]?.body).toEqual({ title: 'Bruit au freinage', service_type: 'maintenance', scheduled_date: '2026-03-12' });
    expect(open[0]?.headers.get('If-Match')).toBe('"2"');
  });

  it('shows one request, linked from a notification, with what it became', async () => {
    requestsServer((request) =>
      request.path === '/api/appointments/requests/r1'
        ? jsonResponse(200, { ...REQUEST, status: 'booked', appointment_id: 'a9' })
        : undefined,
    );
    renderApp('/appointments/requests/r1');

    expect(await screen.findByRole('heading', { name: 'Demande' })).toBeInTheDocument();
    expect(screen.getByText('Rendez-vous pris')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Voir le rendez-vous' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Prendre rendez-vous' })).not.toBeInTheDocument();
  });
});
