import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { PendingCar } from '../../api/types';
import { jsonResponse, type SeenRequest } from '../../test/fetchMock';
import { WAITING_CAR_COUNT_PATH, serverFor, testPendingCar } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

beforeEach(() => setAccessToken(null));

const KIA = testPendingCar(); // Sonia Trabelsi's Kia Picanto, 200TU1234, version 1
const CLIO = testPendingCar({
  id: 'pc2',
  customer_id: 'c3',
  customer_name: 'Karim Haddad',
  make: 'Renault',
  model: 'Clio',
  year: 2016,
  license_plate: '150TU777',
  vin: null,
  initial_mileage: 120500,
  version: 4,
});

/** What the page asks for the cars waiting, a page at a time. */
const WAITING_PATH = '/api/cars/pending?status=pending&limit=25';

/**
 * A staff server with the waiting cars (`waiting()`, both by default, also counted for
 * the menu); `more` answers the changes and the rest.
 */
function pendingServer(
  more: (request: SeenRequest) => Response | undefined = () => undefined,
  waiting: () => PendingCar[] = () => [KIA, CLIO],
) {
  return serverFor('staff', (request) => {
    if (request.method === 'GET' && (request.path === WAITING_PATH || request.path === WAITING_CAR_COUNT_PATH)) {
      return jsonResponse(200, { results: waiting(), next_cursor: null });
    }
    return more(request);
  });
}

/** The table row of the car with that plate. */
function rowOf(plate: string): HTMLElement {
  return screen.getByText(plate).closest<HTMLElement>('tr') as HTMLElement;
}

describe('cars to approve (staff)', () => {
  it('lists the waiting cars with their customer, plate, VIN, mileage and day added, and counts them in the menu', async () => {
    pendingServer();
    renderApp('/cars/pending');

    expect(await screen.findByText('200TU1234')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Véhicules à valider' })).toBeInTheDocument();
    const kia = rowOf('200TU1234');
    expect(within(kia).getByRole('link', { name: 'Sonia Trabelsi' })).toHaveAttribute('href', '/customers/c2');
    expect(kia).toHaveTextContent('Kia Picanto (2019)');
    expect(kia).toHaveTextContent('KNABE511AKT123456');
    expect(kia).toHaveTextContent(/61\s000 km/);
    expect(kia).toHaveTextContent('1 mars 2026');
    // No VIN given: a dash after the plate.
    expect(rowOf('150TU777')).toHaveTextContent('150TU777—');
    expect(screen.getAllByRole('button', { name: 'Valider' })).toHaveLength(2);
    expect(screen.getAllByRole('button', { name: 'Refuser' })).toHaveLength(2);
    const menu = screen.getByRole('menu', { name: 'Menu principal' });
    expect(await within(menu).findByTitle('2 véhicule(s) à valider')).toBeInTheDocument();
  });

  it('is linked from the cars screen', async () => {
    pendingServer((request) =>
      request.path.startsWith('/api/cars?') ? jsonResponse(200, { results: [], next_cursor: null }) : undefined,
    );
    renderApp('/cars');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: /véhicules à valider/i }));
    expect(await screen.findByRole('heading', { name: 'Véhicules à valider' })).toBeInTheDocument();
  });

  it('approves a car at the version shown, and points to the car it registered', async () => {
    let waiting = [KIA, CLIO];
    const seen = pendingServer(
      (request) => {
        if (request.method === 'POST' && request.path === '/api/cars/pending/pc2/approve') {
          waiting = [KIA];
          return jsonResponse(200, { ...CLIO, status: 'approved', version: 5 });
        }
        return undefined;
      },
      () => waiting,
    );
    renderApp('/cars/pending');
    const user = setupUser();

    await screen.findByText('150TU777');
    await user.click(within(rowOf('150TU777')).getByRole('button', { name: 'Valider' }));

    const done = await screen.findByRole('alert');
    expect(done).toHaveTextContent('Renault Clio (150TU777) est enregistré ; le client est prévenu.');
    expect(within(done).getByRole('link', { name: 'Ouvrir le véhicule' })).toHaveAttribute('href', '/cars/pc2');
    const approve = seen.filter((r) => r.path === '/api/cars/pending/pc2/approve');
    expect(approve).toHaveLength(1);
    expect(approve[0]?.method).toBe('POST');
    expect(approve[0]?.headers.get('If-Match')).toBe('"4"');
    // The list is asked again: the approved car has left the waiting ones.
    await waitFor(() => expect(screen.queryByText('150TU777')).not.toBeInTheDocument());
    expect(screen.getByText('200TU1234')).toBeInTheDocument();
  });

  it("shows the server's conflict when the car was dealt with meanwhile, and asks for the list again", async () => {
    const seen = pendingServer((request) =>
      request.method === 'POST' && request.path === '/api/cars/pending/pc1/approve'
        ? jsonResponse(409, { status: 409, title: 'Conflict', detail: 'Another car has this plate now.' })
        : undefined,
    );
    renderApp('/cars/pending');
    const user = setupUser();

    await screen.findByText('200TU1234');
    const lists = () => seen.filter((r) => r.path === WAITING_PATH).length;
    const before = lists();
    await user.click(within(rowOf('200TU1234')).getByRole('button', { name: 'Valider' }));

    expect(await screen.findByText('Conflit : Another car has this plate now.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await waitFor(() => expect(lists()).toBeGreaterThan(before));
  });

  it('turns a car down with the reason the customer receives, which is required', async () => {
    let waiting = [KIA, CLIO];
    const seen = pendingServer(
      (request) => {
        if (request.method === 'POST' && request.path === '/api/cars/pending/pc1/reject') {
          waiting = [CLIO];
          return jsonResponse(200, { ...KIA, status: 'rejected', reason: 'Plaque illisible sur la photo.', version: 2 });
        }
        return undefined;
      },
      () => waiting,
    );
    renderApp('/cars/pending');
    const user = setupUser();

    await screen.findByText('200TU1234');
    await user.click(within(rowOf('200TU1234')).getByRole('button', { name: 'Refuser' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Refuser 200TU1234 (Sonia Trabelsi)');
    await user.click(within(dialog).getByRole('button', { name: 'Refuser le véhicule' }));
    expect(await within(dialog).findByText('Ce champ est obligatoire.')).toBeInTheDocument();
    expect(seen.some((r) => r.path === '/api/cars/pending/pc1/reject')).toBe(false);

    await user.fill(within(dialog).getByLabelText('Motif'), ' Plaque illisible sur la photo. ');
    await user.click(within(dialog).getByRole('button', { name: 'Refuser le véhicule' }));

    expect(await screen.findByText('Véhicule refusé ; le client est prévenu.')).toBeInTheDocument();
    const reject = seen.filter((r) => r.path === '/api/cars/pending/pc1/reject');
    expect(reject).toHaveLength(1);
    expect(reject[0]?.body).toEqual({ reason: 'Plaque illisible sur la photo.' });
    expect(reject[0]?.headers.get('If-Match')).toBe('"1"');
    await waitFor(() => expect(screen.queryByText('200TU1234')).not.toBeInTheDocument());
  });

  it('shows the approved cars with a link to each, and the turned-down ones with their reason', async () => {
    const approved = testPendingCar({ status: 'approved', version: 2 });
    const refused = testPendingCar({ id: 'pc9', license_plate: '999TU9', status: 'rejected', reason: 'Doublon.', version: 2 });
    const seen = pendingServer((request) => {
      if (request.path === '/api/cars/pending?status=approved&limit=25') return jsonResponse(200, { results: [approved], next_cursor: null });
      if (request.path === '/api/cars/pending?status=rejected&limit=25') return jsonResponse(200, { results: [refused], next_cursor: null });
      return undefined;
    });
    renderApp('/cars/pending');
    const user = setupUser();

    await screen.findByText('150TU777');
    await user.click(screen.getByText('Validé'));
    expect(await screen.findByRole('link', { name: 'Ouvrir le véhicule' })).toHaveAttribute('href', '/cars/pc1');
    expect(screen.queryByRole('button', { name: 'Valider' })).not.toBeInTheDocument();

    await user.click(screen.getByText('Refusé'));
    expect(await screen.findByText('Motif du refus : Doublon.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Refuser' })).not.toBeInTheDocument();
    expect(seen.some((r) => r.path === '/api/cars/pending?status=rejected&limit=25')).toBe(true);
  });
});
