import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { Customer, PendingCar } from '../../api/types';
import { jsonResponse, type SeenRequest } from '../../test/fetchMock';
import { serverFor, testCar, testPendingCar } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

const PEUGEOT = testCar();
const CLIO = testCar({ id: 'car2', make: 'Renault', model: 'Clio', license_plate: '45TU999', fuel_type: 'diesel' });

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

const params = (request: SeenRequest) => new URL(request.path, 'http://x').searchParams;
const listRequests = (seen: SeenRequest[]) => seen.filter((r) => r.method === 'GET' && r.path.startsWith('/api/cars?'));

/** An option of the open Select list (the selected value also carries its title). */
async function selectOption(title: string): Promise<HTMLElement> {
  const matches = await screen.findAllByTitle(title);
  const option = matches.find((element) => element.classList.contains('ant-select-item-option'));
  if (option === undefined) throw new Error(`no open option titled ${title}`);
  return option;
}

beforeEach(() => setAccessToken(null));

describe('cars list', () => {
  it('sends the search, make and fuel filters to the server, from the first page again', async () => {
    const seen = serverFor('staff', (request) => {
      if (!request.path.startsWith('/api/cars?')) return undefined;
      const query = params(request);
      if (query.get('fuel_type') === 'diesel') return jsonResponse(200, { results: [CLIO], next_cursor: null });
      return query.get('cursor') === 'p2'
        ? jsonResponse(200, { results: [CLIO], next_cursor: null })
        : jsonResponse(200, { results: [PEUGEOT], next_cursor: 'p2' });
    });
    renderApp('/cars');
    const user = setupUser();
    expect(await screen.findByRole('link', { name: 'Ouvrir 123TU4567' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /suivant/i }));
    expect(await screen.findByRole('link', { name: 'Ouvrir 45TU999' })).toBeInTheDocument();

    await user.type(screen.getByRole('searchbox'), 'tu 45');
    await user.type(screen.getByRole('textbox', { name: 'Marque' }), 'renault');
    await user.click(screen.getByRole('combobox', { name: 'Carburant' }));
    await user.click(await selectOption('Diesel'));

    // The text filters are debounced: the fuel, picked at once, may go out before them.
    await waitFor(() => {
      const latest = params(listRequests(seen).at(-1)!);
      expect(latest.get('fuel_type')).toBe('diesel');
      expect(latest.get('make')).toBe('renault');
    });
    const last = params(listRequests(seen).at(-1)!);
    expect(last.get('search')).toBe('tu 45');
    expect(last.get('cursor')).toBeNull();
    expect(last.get('limit')).toBe('25');
    expect(params(listRequests(seen)[1]!).get('cursor')).toBe('p2');
    expect(await screen.findByRole('link', { name: 'Ouvrir 45TU999' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Ouvrir 123TU4567' })).not.toBeInTheDocument();
  });

  it("shows the API's validation errors on the fields of the create form, with the owner picked", async () => {
    const seen = serverFor('staff', (request) => {
      if (request.path.startsWith('/api/cars?')) return jsonResponse(200, { results: [], next_cursor: null });
      if (request.path.startsWith('/api/customers?')) return jsonResponse(200, { results: [AMINA], next_cursor: null });
      if (request.method === 'POST' && request.path === '/api/cars') {
        return jsonResponse(400, {
          title: 'Bad Request',
          status: 400,
          errors: [
            { field: 'license_plate', message: 'Immatriculation déjà enregistrée' },
            { field: 'vin', message: 'Chiffre de contrôle invalide' },
          ],
        });
      }
      return undefined;
    });
    renderApp('/cars');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: /nouveau véhicule/i }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('combobox', { name: 'Choisir un client' }));
    await user.click(await selectOption('Amina Ben Salah · amina@example.com'));
    await user.fill(within(dialog).getByLabelText('Immatriculation'), ' 123 TU 4567 ');
    await user.fill(within(dialog).getByLabelText('VIN'), '1M8GDM9AXKP042789');
    await user.fill(within(dialog).getByLabelText('Marque'), 'Peugeot');
    await user.fill(within(dialog).getByLabelText('Modèle'), '208');
    await user.fill(within(dialog).getByLabelText('Année'), '2020');
    await user.fill(within(dialog).getByLabelText('Kilométrage initial'), '42000');
    await user.click(within(dialog).getByRole('button', { name: /créer/i }));

    expect(await within(dialog).findByText('Immatriculation déjà enregistrée')).toBeInTheDocument();
    expect(within(dialog).getByText('Chiffre de contrôle invalide')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'POST' && r.path === '/api/cars')?.body).toEqual({
      customer_id: 'c1',
      make: 'Peugeot',
      model: '208',
      year: 2020,
      license_plate: '123 TU 4567',
      vin: '1M8GDM9AXKP042789',
      fuel_type: 'gasoline',
      initial_mileage: 42000,
    });
  });
});

/** What a customer's cars screen asks for their own added cars (every status). */
const OWN_PENDING_PATH = '/api/cars/pending?limit=100';

/**
 * A customer's server: their one registered car, and the cars they added (`added()`);
 * `more` answers the changes.
 */
function customerServer(added: () => PendingCar[], more: (request: SeenRequest) => Response | undefined = () => undefined) {
  return serverFor('customer', (request) => {
    if (request.method === 'GET' && request.path.startsWith('/api/cars?')) {
      return jsonResponse(200, { results: [PEUGEOT], next_cursor: null });
    }
    if (request.method === 'GET' && request.path === OWN_PENDING_PATH) return jsonResponse(200, { results: added(), next_cursor: null });
    return more(request);
  });
}

describe('a customer adding their own car', () => {
  const KIA = testPendingCar({ customer_id: 'c-1', customer_name: 'Camille Client', vin: null, initial_mileage: 61000 });

  it('sends the car without an owner, sees it waiting, and withdraws it', async () => {
    let added: PendingCar[] = [];
    const seen = customerServer(
      () => added,
      (request) => {
        if (request.method === 'POST' && request.path === '/api/cars/pending') {
          added = [KIA];
          return jsonResponse(201, KIA);
        }
        if (request.method === 'DELETE' && request.path === '/api/cars/pending/pc1') {
          added = [];
          return new Response(null, { status: 204 });
        }
        return undefined;
      },
    );
    renderApp('/cars');
    const user = setupUser();
    expect(await screen.findByRole('link', { name: 'Ouvrir 123TU4567' })).toBeInTheDocument();
    // Nothing added yet: no waiting section, and no staff button.
    expect(screen.queryByText('En attente de validation')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /nouveau véhicule/i })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /ajouter un véhicule/i }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByText('Propriétaire')).not.toBeInTheDocument();
    await user.fill(within(dialog).getByLabelText('Immatriculation'), '200 TU 1234');
    await user.fill(within(dialog).getByLabelText('Marque'), ' Kia ');
    await user.fill(within(dialog).getByLabelText('Modèle'), 'Picanto');
    await user.fill(within(dialog).getByLabelText('Année'), '2019');
    await user.fill(within(dialog).getByLabelText('Kilométrage initial'), '61000');
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer au garage' }));

    expect(await screen.findByText('Véhicule envoyé : le garage va le confirmer.')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'POST' && r.path === '/api/cars/pending')?.body).toEqual({
      make: 'Kia',
      model: 'Picanto',
      year: 2019,
      license_plate: '200 TU 1234',
      fuel_type: 'gasoline',
      initial_mileage: 61000,
    });
    const section = (await screen.findByText('En attente de validation')).closest<HTMLElement>('.ant-card') as HTMLElement;
    expect(within(section).getByText('Kia Picanto (2019)', { exact: false })).toBeInTheDocument();
    expect(within(section).getByText('En attente')).toBeInTheDocument();
    expect(within(section).getByText('Ajouté le 1 mars 2026')).toBeInTheDocument();
    // Not a car yet: it is not among the cars.
    expect(screen.queryByRole('link', { name: 'Ouvrir 200TU1234' })).not.toBeInTheDocument();

    await user.click(within(section).getByRole('button', { name: 'Retirer' }));
    const confirm = await screen.findByRole('dialog');
    expect(confirm).toHaveTextContent('Retirer le véhicule 200TU1234 ?');
    await user.click(within(confirm).getByRole('button', { name: 'Retirer' }));

    expect(await screen.findByText('Véhicule retiré.')).toBeInTheDocument();
    const withdraw = seen.filter((r) => r.method === 'DELETE' && r.path === '/api/cars/pending/pc1');
    expect(withdraw).toHaveLength(1);
    expect(withdraw[0]?.headers.get('If-Match')).toBe('"1"');
    await waitFor(() => expect(screen.queryByText('En attente de validation')).not.toBeInTheDocument());
  });

  it("shows the garage's reason for a car turned down, hides approved ones, and clears the refused one away", async () => {
    const refused = testPendingCar({
      id: 'pc2',
      customer_id: 'c-1',
      license_plate: '300TU999',
      make: 'Fiat',
      model: 'Punto',
      status: 'rejected',
      reason: 'La carte grise est à un autre nom.',
      version: 2,
    });
    const approved = testPendingCar({ id: 'pc3', customer_id: 'c-1', license_plate: '400TU111', status: 'approved' });
    let added = [refused, approved];
    const seen = customerServer(
      () => added,
      (request) => {
        if (request.method === 'DELETE' && request.path === '/api/cars/pending/pc2') {
          added = [approved];
          return new Response(null, { status: 204 });
        }
        return undefined;
      },
    );
    renderApp('/cars');
    const user = setupUser();

    expect(await screen.findByText('Motif du refus : La carte grise est à un autre nom.')).toBeInTheDocument();
    expect(screen.getByText('Refusé')).toBeInTheDocument();
    expect(screen.queryByText('400TU111')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retirer' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Effacer' }));
    const confirm = await screen.findByRole('dialog');
    expect(confirm).toHaveTextContent('Effacer le véhicule refusé 300TU999 ?');
    await user.click(within(confirm).getByRole('button', { name: 'Effacer' }));

    expect(await screen.findByText('Véhicule effacé.')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'DELETE' && r.path === '/api/cars/pending/pc2')?.headers.get('If-Match')).toBe('"2"');
    await waitFor(() => expect(screen.queryByText('En attente de validation')).not.toBeInTheDocument());
  });

  it("shows the garage's refusals in the form: a plate already registered, too many cars waiting", async () => {
    let answer = jsonResponse(409, {
      status: 409,
      title: 'Conflict',
      detail: 'A car with this plate is registered already.',
      errors: [{ field: 'license_plate', message: 'Cette immatriculation est déjà enregistrée.' }],
    });
    customerServer(
      () => [],
      (request) => (request.method === 'POST' && request.path === '/api/cars/pending' ? answer : undefined),
    );
    renderApp('/cars');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: /ajouter un véhicule/i }));
    const dialog = await screen.findByRole('dialog');
    await user.fill(within(dialog).getByLabelText('Immatriculation'), '123 TU 4567');
    await user.fill(within(dialog).getByLabelText('Marque'), 'Peugeot');
    await user.fill(within(dialog).getByLabelText('Modèle'), '208');
    await user.fill(within(dialog).getByLabelText('Année'), '2020');
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer au garage' }));
    expect(await within(dialog).findByText('Cette immatriculation est déjà enregistrée.')).toBeInTheDocument();

    answer = jsonResponse(409, { status: 409, title: 'Conflict', detail: 'You have 3 cars waiting for approval already.' });
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer au garage' }));
    expect(await within(dialog).findByText('Conflit : You have 3 cars waiting for approval already.')).toBeInTheDocument();
    expect(screen.queryByText('Véhicule envoyé : le garage va le confirmer.')).not.toBeInTheDocument();
  });
});
