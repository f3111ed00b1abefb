import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import { jsonResponse } from '../../test/fetchMock';
import type { Appointment } from '../../api/types';
import { serverFor, testAppointment, testSchedule, testTechnician } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

const KARIM = testTechnician();
const LINA = testTechnician({ id: 'tech2', name: 'Lina Jaziri', username: 'lina' });

/** A staff server holding `appointment` and the two technicians; an assignment changes what it holds. */
function assignServer(appointment: Appointment, refuse: () => Response | undefined = () => undefined) {
  let current = appointment;
  return serverFor('staff', (request) => {
    if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
    if (request.path === '/api/technicians') return jsonResponse(200, { results: [KARIM, LINA] });
    if (request.path === '/api/appointments/a1') return jsonResponse(200, current);
    if (request.method === 'POST' && request.path === '/api/appointments/a1/assign') {
      const refused = refuse();
      if (refused !== undefined) return refused;
      const { technician_id } = request.body as { technician_id: string | null };
      current = { ...current, technician_id, version: current.version + 1 };
      return jsonResponse(200, current);
    }
    return undefined;
  });
}

/** An option of the open Select list (the selected value also carries its title). */
async function selectOption(title: string): Promise<HTMLElement> {
  const option = (await screen.findAllByTitle(title)).find((element) => element.classList.contains('ant-select-item-option'));
  if (option === undefined) throw new Error(`no open option titled ${title}`);
  return option;
}

/** The Select's box, which shows its value and takes the clicks. */
const selectBox = (combobox: HTMLElement) => combobox.closest('.ant-select') as HTMLElement;

beforeEach(() => setAccessToken(null));

describe('one appointment', () => {
  it('checks a confirmed car in, its service titled from the description, then links to that service', async () => {
    let current = testAppointment({ status: 'confirmed', version: 6 });
    const seen = serverFor('staff', (request) => {
      if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
      if (request.path === '/api/appointments/a1') return jsonResponse(200, current);
      if (request.path === '/api/appointments/a1/check_in') {
        current = { ...current, status: 'checked_in', service_id: 's9', version: 7 };
        return jsonResponse(200, current);
      }
      return undefined;
    });
    renderApp('/appointments/a1');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: 'Accueillir le véhicule' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('Intitulé')).toHaveValue('Vidange');
    expect(within(dialog).getByLabelText('Type')).toHaveValue('maintenance');
    await user.fill(within(dialog).getByLabelText('Type'), 'diagnostic');
    await user.click(within(dialog).getByRole('button', { name: 'Accueillir le véhicule' }));

    expect(await screen.findByText('Véhicule accueilli : intervention ouverte.')).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: "Voir l'intervention" })).toHaveAttribute('href', '/services/s9');
    expect(screen.getByText('Arrivé')).toBeInTheDocument();
    const checkIn = seen.find((r) => r.path === '/api/appointments/a1/check_in');
    expect(checkIn?.body).toEqual({ title: 'Vidange', service_type: 'diagnostic' });
    expect(checkIn?.headers.get('If-Match')).toBe('"6"');
  });

  it('gives the work of a confirmed appointment to a technician, at the version shown, and takes it back', async () => {
    const seen = assignServer(testAppointment({ status: 'confirmed', technician_id: 'tech1', version: 5 }));
    renderApp('/appointments/a1');
    const user = setupUser();

    const select = await screen.findByRole('combobox', { name: 'Technicien' });
    await waitFor(() => expect(selectBox(select)).toHaveTextContent('Karim Haddad'));
    await user.click(select);
    await user.click(await selectOption('Lina Jaziri'));

    expect(await screen.findByText('Rendez-vous attribué à Lina Jaziri.')).toBeInTheDocument();
    const posts = () => seen.filter((request) => request.path === '/api/appointments/a1/assign');
    expect(posts()[0]?.body).toEqual({ technician_id: 'tech2' });
    expect(posts()[0]?.headers.get('If-Match')).toBe('"5"');
    await waitFor(() => expect(selectBox(select)).toHaveTextContent('Lina Jaziri'));

    await user.click(selectBox(select).querySelector('.ant-select-clear') as HTMLElement);
    expect(await screen.findByText("Le rendez-vous n'est plus attribué.")).toBeInTheDocument();
    expect(posts()[1]?.body).toEqual({ technician_id: null });
    expect(posts()[1]?.headers.get('If-Match')).toBe('"6"');
    await waitFor(() => expect(selectBox(select)).toHaveTextContent('Non attribué'));
  });

  it("shows the server's refusal of an assignment", async () => {
    assignServer(testAppointment(), () =>
      jsonResponse(409, { status: 409, title: 'Conflict', detail: 'The appointment is checked in.' }),
    );
    renderApp('/appointments/a1');
    const user = setupUser();

    await user.click(await screen.findByRole('combobox', { name: 'Technicien' }));
    await user.click(await selectOption('Karim Haddad'));

    expect(await screen.findByText('Conflit : The appointment is checked in.')).toBeInTheDocument();
  });

  it('keeps who was given the work once the car is checked in', async () => {
    assignServer(testAppointment({ status: 'checked_in', service_id: 's9', technician_id: 'tech2' }));
    renderApp('/appointments/a1');

    const select = await screen.findByRole('combobox', { name: 'Technicien' });
    expect(select).toBeDisabled();
    await waitFor(() => expect(selectBox(select)).toHaveTextContent('Lina Jaziri'));
  });

  it('shows a customer their own appointment in English, without the staff actions', async () => {
    const seen = serverFor('customer', (request) => {
      if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
      if (request.path === '/api/appointments/a1') {
        return jsonResponse(200, testAppointment({ status: 'declined', decline_reason: 'Fully booked that week' }));
      }
      return undefined;
    });
    renderApp('/appointments/a1', 'en');

    expect(await screen.findByText('Wednesday, 11 March 2026, 09:00 – 10:00')).toBeInTheDocument();
    expect(screen.getByText('Fully booked that week')).toBeInTheDocument();
    expect(screen.getByText('Declined')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Confirm' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reschedule' })).not.toBeInTheDocument();
    expect(screen.queryByText('Amine Ben Ali')).not.toBeInTheDocument();
    // Who does the work is staff's business: not shown, never asked for.
    expect(screen.queryByText('Technician')).not.toBeInTheDocument();
    expect(seen.some((request) => request.path.startsWith('/api/technicians'))).toBe(false);
  });
});
