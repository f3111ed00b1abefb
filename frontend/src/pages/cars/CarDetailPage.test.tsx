import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { Car, MileageReading, Role, ServicePrediction } from '../../api/types';
import { jsonResponse, type SeenRequest } from '../../test/fetchMock';
import { serverFor, testCar, testService } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

const PREDICTION: ServicePrediction = {
  car_id: 'car1',
  next_service_date: '2026-02-15',
  next_service_mileage: 52000,
  due_by: 'time',
  overdue: true,
  reason: 'Counting from the last service on 2025-02-15 at 40000 km: the time limit comes first, on 2026-02-15.',
  interval: { distance_km: 10000, months: 12 },
  interval_source: 'make',
  based_on: { date: '2025-02-15', mileage: 40000, source: 'last_service' },
  current_mileage: 42000,
  average_daily_mileage: '5.5',
};

const READINGS: MileageReading[] = [
  { mileage: 40000, recorded_at: '2025-02-15T08:00:00Z', source: 'initial' },
  { mileage: 41000, recorded_at: '2025-08-01T08:00:00Z', source: 'report', reported_by: 'u1' },
  { mileage: 42000, recorded_at: '2026-03-01T09:00:00Z', source: 'report', reported_by: 'u1' },
];

/** What the server holds for the car; a test's handlers may change it. */
interface CarState {
  car: Car;
  readings: MileageReading[];
}

/** A server for the car's page, answering from `state`; `more` answers the rest. */
function carServer(role: Role, state: CarState, more: (r: SeenRequest) => Response | undefined = () => undefined) {
  return serverFor(role, (request) => {
    if (request.method === 'GET' && request.path === '/api/cars/car1') return jsonResponse(200, state.car);
    if (request.path === '/api/cars/car1/statistics') {
      return jsonResponse(200, { car_id: 'car1', service_count: 2, total_spent: '180.500', mileage: state.car.mileage });
    }
    if (request.path === '/api/cars/car1/next_service_prediction') return jsonResponse(200, PREDICTION);
    if (request.path.startsWith('/api/cars/car1/mileage_history?')) {
      return jsonResponse(200, { results: state.readings, next_cursor: null });
    }
    if (request.path.startsWith('/api/cars/car1/services?')) {
      return jsonResponse(200, { results: [testService({ title: 'Vidange 40 000' })], next_cursor: null });
    }
    return more(request);
  });
}

beforeEach(() => setAccessToken(null));

describe('car page', () => {
  it('explains the next-service prediction: date, mileage, what it counts from, the interval and why', async () => {
    carServer('staff', { car: testCar(), readings: READINGS });
    renderApp('/cars/car1');

    const card = (await screen.findByText('Prochain entretien prévu')).closest('.ant-card') as HTMLElement;
    const why = await within(card).findByTitle(PREDICTION.reason);
    expect(plain(why.textContent)).toBe(
      'La limite de temps arrive en premier, le 15 févr. 2026. Moyenne : 5,5 km/jour.',
    );
    const text = plain(card.textContent);
    expect(text).toContain('Entretien dû');
    expect(text).toContain('Date prévue15 févr. 2026');
    expect(text).toContain('Kilométrage prévu52 000 km');
    expect(text).toContain('ÉchéancePar le temps');
    expect(text).toContain('Compté depuisle dernier entretien du 15 févr. 2025 à 40 000 km');
    expect(text).toContain('Intervalle10 000 km ou 12 mois (règle de la marque)');
  });

  it("shows a car moved from the Django ECAR with its old id, and no such line otherwise", async () => {
    carServer('staff', { car: testCar({ legacy_id: 1234 }), readings: READINGS });
    const { unmount } = renderApp('/cars/car1');
    const label = await screen.findByText("N° dans l'ancien ECAR");
    expect(plain(label.closest('tr')?.textContent ?? '')).toContain('1234');
    unmount();

    carServer('staff', { car: testCar(), readings: READINGS });
    renderApp('/cars/car1');
    await screen.findByText('Prochain entretien prévu');
    expect(screen.queryByText("N° dans l'ancien ECAR")).toBeNull();
  });

  it('charts one point per odometer reading, and says when there is none', async () => {
    const state: CarState = { car: testCar(), readings: READINGS };
    carServer('staff', state);
    const { unmount } = renderApp('/cars/car1');

    const card = (await screen.findByText('Historique du kilométrage')).closest('.ant-card') as HTMLElement;
    await waitFor(() => expect(card.querySelectorAll('.recharts-line-dot, .recharts-dot')).toHaveLength(3));
    expect(plain(card.textContent)).toContain('15 févr. 2025');
    unmount();

    state.readings = [];
    renderApp('/cars/car1');
    const empty = (await screen.findByText('Historique du kilométrage')).closest('.ant-card') as HTMLElement;
    expect(await within(empty).findByText('Aucun relevé')).toBeInTheDocument();
  });

  it("reports mileage: a refused reading shows the API's message on the field, an accepted one refreshes the car", async () => {
    const state: CarState = { car: testCar(), readings: READINGS.slice(0, 1) };
    const seen = carServer('customer', state, (request) => {
      if (request.method !== 'POST' || request.path !== '/api/cars/car1/report_mileage') return undefined;
      const { mileage } = request.body as { mileage: number };
      if (mileage < state.car.mileage) {
        return jsonResponse(400, {
          title: 'Bad Request',
          status: 400,
          errors: [{ field: 'mileage', message: 'Inférieur au dernier relevé (42 000 km)' }],
        });
      }
      state.car = { ...state.car, mileage, version: 2 };
      state.readings = [...READINGS.slice(0, 1), { mileage, recorded_at: '2026-03-02T09:00:00Z', source: 'report' }];
      return jsonResponse(200, state.car);
    });
    renderApp('/cars/car1');
    const user = setupUser();

    const field = await screen.findByRole('spinbutton', { name: 'Kilométrage' });
    await user.fill(field, '41000');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le relevé' }));
    expect(await screen.findByText('Inférieur au dernier relevé (42 000 km)')).toBeInTheDocument();

    await user.fill(field, '43500');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le relevé' }));
    expect(await screen.findByText('Kilométrage enregistré.')).toBeInTheDocument();
    await waitFor(() => expect(plain(document.body.textContent)).toContain('43 500 km'));
    const posts = seen.filter((r) => r.path === '/api/cars/car1/report_mileage').map((r) => r.body);
    expect(posts).toEqual([{ mileage: 41000 }, { mileage: 43500 }]);
    const history = screen.getByText('Historique du kilométrage').closest('.ant-card') as HTMLElement;
    await waitFor(() => expect(history.querySelectorAll('.recharts-line-dot, .recharts-dot')).toHaveLength(2));
  });

  it('gives staff the edit, delete and schedule actions, and the owner only the mileage report', async () => {
    carServer('customer', { car: testCar(), readings: READINGS });
    const { unmount } = renderApp('/cars/car1');
    expect(await screen.findByRole('button', { name: 'Enregistrer le relevé' })).toBeInTheDocument();
    expect(await screen.findByText('Vidange 40 000')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Modifier' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Supprimer' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Planifier une intervention' })).not.toBeInTheDocument();
    unmount();

    carServer('staff', { car: testCar(), readings: READINGS });
    renderApp('/cars/car1');
    expect(await screen.findByRole('button', { name: 'Modifier' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Supprimer' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Planifier une intervention' })).toBeInTheDocument();
  });

  it('edits the car at the version shown; an emptied VIN is removed', async () => {
    const state: CarState = { car: testCar({ vin: '1M8GDM9AXKP042788', version: 5 }), readings: READINGS };
    const seen = carServer('staff', state, (request) => {
      if (request.method !== 'PATCH' || request.path !== '/api/cars/car1') return undefined;
      state.car = { ...state.car, vin: null, model: '2008', version: 6 };
      return jsonResponse(200, state.car);
    });
    renderApp('/cars/car1');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: 'Modifier' }));
    const dialog = await screen.findByRole('dialog');
    await user.fill(within(dialog).getByLabelText('Modèle'), '2008');
    await user.clear(within(dialog).getByLabelText('VIN'));
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));

    expect(await screen.findByText('Véhicule mis à jour.')).toBeInTheDocument();
    const patch = seen.find((r) => r.method === 'PATCH');
    expect(patch?.headers.get('If-Match')).toBe('"5"');
    expect(patch?.body).toEqual({
      make: 'Peugeot',
      model: '2008',
      year: 2020,
      license_plate: '123TU4567',
      vin: null,
      fuel_type: 'gasoline',
    });
    expect(await screen.findByRole('heading', { name: /Peugeot 2008/ })).toBeInTheDocument();
  });
});
