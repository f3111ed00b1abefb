import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { Customer } from '../../api/types';
import { jsonResponse, type SeenRequest } from '../../test/fetchMock';
import { serverFor, testCar } from '../../test/fixtures';
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
