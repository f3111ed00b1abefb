import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { ScheduleSettings } from '../../api/types';
import { jsonResponse } from '../../test/fetchMock';
import { serverFor, testSchedule } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

beforeEach(() => setAccessToken(null));

describe('schedule settings (admin)', () => {
  it('saves the edited schedule at the version shown and shows the field errors of the server', async () => {
    const seen = serverFor('admin', (request) => {
      if (request.method === 'GET' && request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
      if (request.method === 'PUT' && request.path === '/api/appointments/schedule') {
        return jsonResponse(400, {
          status: 400,
          title: 'Invalid fields',
          errors: [
            { field: 'opening_hours.tuesday[1].close', message: 'must start after the previous period closes' },
            { field: 'capacity', message: 'must be 1 to 100 cars per slot' },
            { field: 'time_zone', message: 'unknown field' },
          ],
        });
      }
      return undefined;
    });
    renderApp('/appointments/schedule');
    const user = setupUser();

    const tuesday = await screen.findByRole('group', { name: 'Mardi' });
    expect(within(tuesday).getByLabelText('Ouverture (Mardi, plage 2)')).toHaveValue('14:00');
    expect(within(screen.getByRole('group', { name: 'Dimanche' })).getByText('Fermé')).toBeInTheDocument();
    expect(screen.getByText('20 mars 2026')).toBeInTheDocument();

    await user.fill(within(tuesday).getByLabelText('Ouverture (Mardi, plage 2)'), '11:00');
    await user.fill(screen.getByLabelText('Durée d\'un créneau (minutes)'), '30');
    await user.click(within(screen.getByRole('group', { name: 'Samedi' })).getByRole('button', { name: 'Supprimer la plage (Samedi, plage 1)' }));
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));

    expect(await within(tuesday).findByText('must start after the previous period closes')).toBeInTheDocument();
    expect(screen.getByText('must be 1 to 100 cars per slot')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('time_zone: unknown field');
    const put = seen.find((r) => r.method === 'PUT');
    expect(put?.headers.get('If-Match')).toBe('"3"');
    const body = put?.body as ScheduleSettings;
    expect(body.slot_minutes).toBe(30);
    expect(body.capacity).toBe(2);
    expect(body.closed_days).toEqual(['2026-03-20']);
    expect(body.opening_hours.tuesday).toEqual([
      { open: '08:00', close: '12:00' },
      { open: '11:00', close: '18:00' },
    ]);
    expect(body.opening_hours.saturday).toEqual([]);
    expect(body.opening_hours.sunday).toEqual([]);
  });

  it('checks the times before sending anything', async () => {
    const seen = serverFor('admin', (request) =>
      request.path === '/api/appointments/schedule' ? jsonResponse(200, testSchedule()) : undefined,
    );
    renderApp('/appointments/schedule');
    const user = setupUser();

    const monday = await screen.findByRole('group', { name: 'Lundi' });
    await user.fill(within(monday).getByLabelText('Fermeture (Lundi, plage 1)'), '07:00');
    await user.fill(within(monday).getByLabelText('Ouverture (Lundi, plage 2)'), '9h');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));

    expect(await within(monday).findByText("La fermeture doit suivre l'ouverture.")).toBeInTheDocument();
    expect(within(monday).getByText('Heures au format HH:MM, par exemple 08:30.')).toBeInTheDocument();
    await waitFor(() => expect(seen.some((r) => r.method === 'PUT')).toBe(false));
  });

  it('is for administrators only', async () => {
    serverFor('staff', (request) => {
      if (request.path.startsWith('/api/services/statistics') || request.path.startsWith('/api/invoices/statistics')) {
        return jsonResponse(404, { status: 404 });
      }
      if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
      if (request.path.startsWith('/api/appointments?')) return jsonResponse(200, { results: [], next_cursor: null });
      return undefined;
    });
    renderApp('/appointments/schedule');

    expect(await screen.findByRole('heading', { name: 'Tableau de bord' })).toBeInTheDocument();
    expect(screen.queryByText('Horaires et créneaux')).not.toBeInTheDocument();
  });
});
