import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { Appointment } from '../../api/types';
import { jsonResponse, type SeenRequest } from '../../test/fetchMock';
import { serverFor, testAppointment, testCar, testSchedule, testSlot, testTechnician } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

beforeEach(() => {
  setAccessToken(null);
  // Wednesday 11 March 2026, 08:00 in Tunis (UTC+1).
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-11T07:00:00Z'));
});
afterEach(() => vi.useRealTimers());

const REQUEST = testAppointment(); // Wednesday 11, 09:00
const FRIDAY = testAppointment({
  id: 'a2',
  status: 'confirmed',
  booked_by: 'staff',
  car: { license_plate: '456TU789', make: 'Renault', model: 'Clio' },
  customer_name: 'Sonia Trabelsi',
  starts_at: '2026-03-13T13:00:00Z',
  ends_at: '2026-03-13T14:00:00Z',
  version: 7,
});
const SLOTS = [
  testSlot('2026-03-11T08:00:00Z', 1), // Wednesday 09:00, one of two taken
  testSlot('2026-03-11T10:00:00Z', 1), // Wednesday 11:00
  testSlot('2026-03-13T13:00:00Z', 0), // Friday 14:00
];

/** A staff server with the two appointments; `more` answers the changes (an appointment) and the rest. */
function calendarServer(more: (request: SeenRequest) => Appointment | Response | undefined = () => undefined) {
  return serverFor('staff', (request) => {
    if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
    if (request.method === 'GET' && request.path.startsWith('/api/appointments?')) {
      return jsonResponse(200, { results: [REQUEST, FRIDAY], next_cursor: null });
    }
    if (request.path.startsWith('/api/appointments/slots?')) return jsonResponse(200, { time_zone: 'Africa/Tunis', slots: SLOTS });
    const changed = more(request);
    return changed === undefined || changed instanceof Response ? changed : jsonResponse(200, changed);
  });
}

const cellOf = (element: HTMLElement) => element.closest('td');

describe('appointments calendar (staff)', () => {
  it('shows the week with each appointment in its day and time, and confirms a request', async () => {
    const seen = calendarServer((request) =>
      request.method === 'POST' && request.path === '/api/appointments/a1/confirm'
        ? { ...REQUEST, status: 'confirmed', version: 4 }
        : undefined,
    );
    renderApp('/appointments?date=2026-03-11');
    const user = setupUser();

    const plate = await screen.findByText('123TU4567');
    expect(cellOf(plate)).toHaveAttribute('data-day', '2026-03-11');
    expect(cellOf(plate)).toHaveAttribute('data-time', '09:00');
    expect(cellOf(screen.getByText('456TU789'))).toHaveAttribute('data-day', '2026-03-13');
    expect(cellOf(screen.getByText('456TU789'))).toHaveAttribute('data-time', '14:00');
    const headers = screen.getAllByRole('columnheader').map((header) => header.textContent);
    expect(headers).toEqual(['', 'lun. 9 mars', 'mar. 10 mars', 'mer. 11 mars', 'jeu. 12 mars', 'ven. 13 mars', 'sam. 14 mars', 'dim. 15 marsFermé']);
    // The free place left in Wednesday's 09:00 slot can be booked from the calendar.
    expect(within(cellOf(plate) as HTMLElement).getByRole('button', { name: /Réserver le créneau/ })).toHaveTextContent('1 libre(s)');
    expect(seen.some((r) => r.path === '/api/appointments?from=2026-03-09&to=2026-03-15&limit=200')).toBe(true);

    await user.click(screen.getByRole('button', { name: /rendez-vous de 123TU4567 \(Amine Ben Ali\) à 09:00/ }));
    const drawer = await screen.findByRole('dialog');
    expect(within(drawer).getByText('mercredi 11 mars 2026, 09:00 – 10:00')).toBeInTheDocument();
    expect(within(drawer).getByText('Demandé')).toBeInTheDocument();
    await user.click(within(drawer).getByRole('button', { name: 'Confirmer' }));

    expect(await within(drawer).findByText('Confirmé')).toBeInTheDocument();
    const confirm = seen.filter((r) => r.path === '/api/appointments/a1/confirm');
    expect(confirm).toHaveLength(1);
    expect(confirm[0]?.headers.get('If-Match')).toBe('"3"');
    expect(within(drawer).getByRole('button', { name: 'Accueillir le véhicule' })).toBeInTheDocument();
    await waitFor(() => expect(seen.filter((r) => r.path.startsWith('/api/appointments?')).length).toBeGreaterThan(1));
  });

  it('gives the work of a request to a technician from its drawer', async () => {
    const seen = calendarServer((request) => {
      if (request.path === '/api/technicians') return jsonResponse(200, { results: [testTechnician()] });
      if (request.path === '/api/appointments/a1/assign') return { ...REQUEST, technician_id: 'tech1', version: 4 };
      if (request.path === '/api/appointments/a1/confirm') return { ...REQUEST, technician_id: 'tech1', status: 'confirmed', version: 5 };
      return undefined;
    });
    renderApp('/appointments?date=2026-03-11');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: /rendez-vous de 123TU4567 \(Amine Ben Ali\) à 09:00/ }));
    const drawer = await screen.findByRole('dialog');
    const select = within(drawer).getByRole('combobox', { name: 'Technicien' });
    await user.click(select);
    const option = (await screen.findAllByTitle('Karim Haddad')).find((element) => element.classList.contains('ant-select-item-option'));
    await user.click(option as HTMLElement);

    expect(await screen.findByText('Rendez-vous attribué à Karim Haddad.')).toBeInTheDocument();
    expect(seen.find((r) => r.path === '/api/appointments/a1/assign')?.headers.get('If-Match')).toBe('"3"');
    // The drawer holds the appointment as answered: the next change is at its new version.
    await user.click(within(drawer).getByRole('button', { name: 'Confirmer' }));
    expect(await within(drawer).findByText('Confirmé')).toBeInTheDocument();
    expect(seen.find((r) => r.path === '/api/appointments/a1/confirm')?.headers.get('If-Match')).toBe('"4"');
  });

  it('moves an appointment to a free slot picked in the reschedule dialog', async () => {
    const seen = calendarServer((request) =>
      request.path === '/api/appointments/a2/reschedule'
        ? { ...FRIDAY, starts_at: '2026-03-11T10:00:00Z', ends_at: '2026-03-11T11:00:00Z', version: 8 }
        : undefined,
    );
    renderApp('/appointments?date=2026-03-11');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: /rendez-vous de 456TU789/ }));
    const drawer = await screen.findByRole('dialog');
    await user.click(within(drawer).getByRole('button', { name: 'Déplacer' }));
    // Ant Design labels every dialog with the same id under test: found by its title.
    const title = await screen.findByText('Déplacer le rendez-vous de 456TU789');
    const dialog = title.closest<HTMLElement>('[role="dialog"]') as HTMLElement;
    const slots = await within(dialog).findByRole('group', { name: 'Créneaux du mercredi 11 mars 2026' });
    await user.click(within(slots).getByRole('button', { name: /^11:00/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Déplacer' }));

    expect(await screen.findByText('Rendez-vous déplacé.')).toBeInTheDocument();
    const move = seen.find((r) => r.path === '/api/appointments/a2/reschedule');
    expect(move?.body).toEqual({ starts_at: '2026-03-11T10:00:00Z' });
    expect(move?.headers.get('If-Match')).toBe('"7"');
  });

  it('moves an appointment dragged onto a slot with a free place', async () => {
    const seen = calendarServer((request) =>
      request.path === '/api/appointments/a2/reschedule'
        ? { ...FRIDAY, starts_at: '2026-03-11T10:00:00Z', ends_at: '2026-03-11T11:00:00Z', version: 8 }
        : undefined,
    );
    renderApp('/appointments?date=2026-03-11');
    const user = setupUser();

    const card = await screen.findByRole('button', { name: /rendez-vous de 456TU789/ });
    const target = document.querySelector('td[data-day="2026-03-11"][data-time="11:00"]') as HTMLElement;
    const dataTransfer = { setData: vi.fn(), dropEffect: 'none', effectAllowed: 'all' };
    // A full slot takes no drop.
    const full = document.querySelector('td[data-day="2026-03-13"][data-time="14:00"]') as HTMLElement;
    fireEvent.dragStart(card, { dataTransfer });
    fireEvent.dragOver(full, { dataTransfer });
    fireEvent.drop(full, { dataTransfer });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    fireEvent.dragStart(card, { dataTransfer });
    fireEvent.dragOver(target, { dataTransfer });
    fireEvent.drop(target, { dataTransfer });

    const confirm = await screen.findByRole('dialog');
    expect(confirm).toHaveTextContent('Déplacer 456TU789 au mercredi 11 mars 2026, 11:00 – 12:00 ?');
    await user.click(within(confirm).getByRole('button', { name: 'Déplacer' }));

    await waitFor(() => expect(seen.some((r) => r.path === '/api/appointments/a2/reschedule')).toBe(true));
    expect(seen.find((r) => r.path === '/api/appointments/a2/reschedule')?.body).toEqual({ starts_at: '2026-03-11T10:00:00Z' });
  });

  it("books a customer's car, confirmed, into the free place clicked in the calendar", async () => {
    const seen = calendarServer((request) => {
      if (request.method === 'POST' && request.path === '/api/appointments') {
        return { ...REQUEST, id: 'a3', status: 'confirmed', booked_by: 'staff' };
      }
      if (request.path.startsWith('/api/customers?')) {
        return jsonResponse(200, {
          results: [{ id: 'c1', first_name: 'Amine', last_name: 'Ben Ali', email: 'amine@example.com' }],
          next_cursor: null,
        });
      }
      if (request.path.startsWith('/api/cars?')) {
        // Once the customer is picked, only their cars are asked.
        return jsonResponse(200, { results: request.path.includes('customer_id=c1') ? [testCar()] : [], next_cursor: null });
      }
      return undefined;
    });
    renderApp('/appointments?date=2026-03-11');
    const user = setupUser();

    const cell = cellOf(await screen.findByText('123TU4567')) as HTMLElement;
    await user.click(within(cell).getByRole('button', { name: /Réserver le créneau mer\. 11 mars 09:00/ }));
    const title = await screen.findByText('Prendre un rendez-vous', { selector: '.ant-modal-title' });
    const dialog = title.closest<HTMLElement>('[role="dialog"]') as HTMLElement;
    const slots = await within(dialog).findByRole('group', { name: 'Créneaux du mercredi 11 mars 2026' });
    expect(within(slots).getByRole('button', { name: /^09:00/ })).toHaveAttribute('aria-pressed', 'true');

    await user.click(within(dialog).getByRole('combobox', { name: 'Choisir un client' }));
    await user.click(await screen.findByTitle('Amine Ben Ali · amine@example.com'));
    await user.click(within(dialog).getByRole('combobox', { name: 'Choisir un véhicule' }));
    await user.click(await screen.findByTitle('123TU4567 · Peugeot 208'));
    await user.click(within(dialog).getByRole('button', { name: 'Réserver' }));

    expect(await screen.findByText('Rendez-vous réservé.')).toBeInTheDocument();
    const post = seen.find((r) => r.method === 'POST' && r.path === '/api/appointments');
    expect(post?.body).toEqual({ car_id: 'car1', starts_at: '2026-03-11T08:00:00Z' });
    expect(seen.some((r) => r.path.startsWith('/api/cars?') && r.path.includes('customer_id=c1'))).toBe(true);
  });

  it('shows one day of one status from the address', async () => {
    const seen = calendarServer();
    renderApp('/appointments?date=2026-03-13&view=day&status=confirmed');

    expect(await screen.findByText('456TU789')).toBeInTheDocument();
    expect(screen.getAllByRole('columnheader').map((header) => header.textContent)).toEqual(['', 'ven. 13 mars']);
    expect(screen.queryByText('123TU4567')).not.toBeInTheDocument();
    expect(seen.some((r) => r.path === '/api/appointments?from=2026-03-13&to=2026-03-13&status=confirmed&limit=200')).toBe(true);
  });
});
