import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import { jsonResponse } from '../../test/fetchMock';
import { serverFor, testAppointment, testSchedule } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

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

  it('shows a customer their own appointment in English, without the staff actions', async () => {
    serverFor('customer', (request) => {
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
  });
});
