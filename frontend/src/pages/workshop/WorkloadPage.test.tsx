import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { DayLoad, DayUnassigned, TechnicianOnFloor, Workload } from '../../api/types';
import { jsonResponse, type SeenRequest } from '../../test/fetchMock';
import { serverFor, testDayLoad, testDayUnassigned, testSchedule, testTechnician, testTimeEntry } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';
import { weekDays } from './workload';

const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

/** A week of a technician's days from `monday`, with the loads given by date and empty days elsewhere. */
function week(monday: string, loads: Record<string, DayLoad> = {}): DayLoad[] {
  return weekDays(monday).map((date) => loads[date] ?? testDayLoad(date));
}

/** A week of the jobs nobody has from `monday`: the counts given by date, none elsewhere. */
function unassignedWeek(monday: string, counts: Record<string, number> = {}): DayUnassigned[] {
  return weekDays(monday).map((date) => testDayUnassigned(date, counts[date] ?? 0));
}

function workloadOf(monday: string): Workload {
  return {
    from: monday,
    to: weekDays(monday)[6] ?? monday,
    technicians: [
      {
        technician: testTechnician(),
        days: week(monday, {
          '2026-03-10': testDayLoad('2026-03-10', 2, 1, '3.5'),
          // One of the three an appointment not checked in yet.
          '2026-03-11': testDayLoad('2026-03-11', 3, 3, '9.5', 1),
        }),
      },
      // An account with no name shows its login.
      { technician: testTechnician({ id: 'tech2', name: '', username: 'sami' }), days: week(monday) },
    ],
    // Monday's two were done by a technician who has left since.
    unassigned: unassignedWeek(monday, { '2026-03-09': 2, '2026-03-12': 1 }),
  };
}

/** Karim on the clock on job s1 since 08:00 in Tunis, the other technician not. */
const ON_FLOOR: TechnicianOnFloor[] = [
  { ...testTechnician(), clock: testTimeEntry({ ended_at: null, seconds: 0 }) },
  { ...testTechnician({ id: 'tech2', name: '', username: 'sami' }), clock: null },
];

/**
 * A staff server answering the workload of any week and the technicians on the floor
 * (none by default); closing a clock answers `closeClock`'s response, or closes it.
 */
function staffServer(
  technicians: TechnicianOnFloor[] = [],
  closeClock: (request: SeenRequest) => Response | undefined = () => undefined,
) {
  let onFloor = technicians;
  return serverFor('staff', (request) => {
    if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
    if (request.path === '/api/technicians') return jsonResponse(200, { results: onFloor });
    const closed = /^\/api\/technicians\/([^/]+)\/clock_off$/.exec(request.path)?.[1];
    if (request.method === 'POST' && closed !== undefined) {
      const refused = closeClock(request);
      if (refused !== undefined) return refused;
      const clock = onFloor.find((technician) => technician.id === closed)?.clock;
      onFloor = onFloor.map((technician) => (technician.id === closed ? { ...technician, clock: null } : technician));
      return jsonResponse(200, { ...clock, ended_at: '2026-03-11T10:00:00Z', seconds: 10_800 });
    }
    const from = /^\/api\/technicians\/workload\?from=([\d-]+)&to=[\d-]+$/.exec(request.path)?.[1];
    return from === undefined ? undefined : jsonResponse(200, workloadOf(from));
  });
}

/** The cell of `row`'s row under the column titled `day`. */
function cellOf(row: string, day: string): HTMLElement {
  const table = screen.getByRole('table');
  const headers = within(table).getAllByRole('columnheader').map((header) => header.textContent);
  const column = headers.indexOf(day);
  if (column < 0) throw new Error(`no column ${day} in ${headers.join(', ')}`);
  const tr = within(table).getByText(row).closest('tr');
  if (tr === null) throw new Error(`no row ${row}`);
  const cell = tr.querySelectorAll('td')[column];
  if (cell === undefined) throw new Error(`no cell ${row} × ${day}`);
  return cell;
}

beforeEach(() => {
  setAccessToken(null);
  // Wednesday 11 March 2026, 11:00 in Tunis.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-11T10:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('workload (staff)', () => {
  it("shows this week's load per technician, then the unassigned jobs, a day past 8 h highlighted", async () => {
    const seen = staffServer();
    renderApp('/workload');

    expect(await screen.findByRole('heading', { name: "Charge de l'atelier" })).toBeInTheDocument();
    expect(await screen.findByText('Karim Haddad')).toBeInTheDocument();
    expect(seen.some((request) => request.path === '/api/technicians/workload?from=2026-03-09&to=2026-03-15')).toBe(true);
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1).map((row) => row.querySelector('td')?.textContent);
    expect(rows).toEqual(['Karim Haddad', 'sami', 'Non attribuées']);
    expect(screen.getAllByRole('columnheader').map((header) => header.textContent)).toEqual([
      'Technicien',
      'lun. 9 mars',
      'mar. 10 mars',
      'mer. 11 mars',
      'jeu. 12 mars',
      'ven. 13 mars',
      'sam. 14 mars',
      'dim. 15 mars',
    ]);

    const tuesday = cellOf('Karim Haddad', 'mar. 10 mars');
    expect(plain(tuesday.textContent)).toBe('2 · 1 · 3,5 h');
    expect(within(tuesday).getByLabelText('2 intervention(s), 1 à faire, 3,5 h réservées')).toBeInTheDocument();
    expect(within(tuesday).queryByLabelText('Plus de 8 h réservées')).not.toBeInTheDocument();
    const wednesday = cellOf('Karim Haddad', 'mer. 11 mars');
    expect(plain(wednesday.textContent)).toBe('3 · 3 · 9,5 h');
    expect(within(wednesday).getByLabelText('Plus de 8 h réservées')).toBeInTheDocument();
    // The jobs nobody has: their number only, past days' included.
    const unassignedThursday = cellOf('Non attribuées', 'jeu. 12 mars');
    expect(unassignedThursday.textContent).toBe('1');
    expect(within(unassignedThursday).getByLabelText('1 intervention(s) sans technicien')).toHaveTextContent('1');
    expect(within(cellOf('Non attribuées', 'lun. 9 mars')).getByLabelText('2 intervention(s) sans technicien')).toHaveTextContent('2');
    expect(within(cellOf('Non attribuées', 'ven. 13 mars')).getByLabelText('Aucune intervention')).toHaveTextContent('—');
    expect(within(cellOf('sami', 'lun. 9 mars')).getByLabelText('Aucune intervention')).toHaveTextContent('—');
  });

  it('goes to the next and previous weeks, and back to this one', async () => {
    const seen = staffServer();
    renderApp('/workload');
    const user = setupUser();
    await screen.findByText('Karim Haddad');
    expect(screen.getByRole('button', { name: 'Cette semaine' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: /semaine suivante/i }));
    expect(await screen.findByText('Du 16 mars 2026 au 22 mars 2026')).toBeInTheDocument();
    expect(await screen.findByRole('columnheader', { name: 'lun. 16 mars' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /semaine précédente/i }));
    await user.click(screen.getByRole('button', { name: /semaine précédente/i }));
    expect(await screen.findByRole('columnheader', { name: 'lun. 2 mars' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cette semaine' }));
    expect(await screen.findByRole('columnheader', { name: 'lun. 9 mars' })).toBeInTheDocument();

    const weeks = seen.filter((request) => request.path.startsWith('/api/technicians/workload')).map((request) => request.path);
    expect(weeks).toContain('/api/technicians/workload?from=2026-03-16&to=2026-03-22');
    expect(weeks).toContain('/api/technicians/workload?from=2026-03-02&to=2026-03-08');
  });

  it('says who is clocked on which job now, and closes a forgotten clock now', async () => {
    const seen = staffServer(ON_FLOOR);
    renderApp('/workload');
    const user = setupUser();

    const clock = await screen.findByLabelText('Karim Haddad est pointé sur « Vidange » depuis 08:00');
    expect(within(clock).getByRole('link', { name: 'Vidange' })).toHaveAttribute('href', '/services/s1');
    expect(within(clock).getByText('depuis 08:00')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Arrêter le pointage…' })).toHaveLength(1);
    await user.click(within(clock).getByRole('button', { name: 'Arrêter le pointage…' }));

    const dialog = await screen.findByRole('dialog', { name: 'Arrêter le pointage de Karim Haddad' });
    expect(dialog).toHaveTextContent("Pointé sur « Vidange » depuis 08:00. Indiquez quand le travail s'est arrêté.");
    expect(within(dialog).getByLabelText('Fin du travail')).toHaveValue('11 mars 2026 11:00');
    await user.click(within(dialog).getByRole('button', { name: 'Arrêter le pointage' }));

    expect(await screen.findByText('Pointage de Karim Haddad arrêté.')).toBeInTheDocument();
    // Now: no time sent, the server's now.
    expect(seen.find((request) => request.path === '/api/technicians/tech1/clock_off')?.body).toEqual({});
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Arrêter le pointage…' })).not.toBeInTheDocument());
  });

  it('closes a clock at the time the work stopped, on the garage\'s clock, and shows a refused one', async () => {
    const seen = staffServer(ON_FLOOR, (request) =>
      (request.body as { ended_at?: string }).ended_at === '2026-03-11T06:30:00Z'
        ? jsonResponse(400, {
            status: 400,
            title: 'Bad Request',
            detail: 'The request has invalid fields.',
            errors: [{ field: 'ended_at', message: "must be within the clock's run" }],
          })
        : undefined,
    );
    renderApp('/workload');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: 'Arrêter le pointage…' }));
    const dialog = await screen.findByRole('dialog');
    const endedAt = within(dialog).getByLabelText('Fin du travail');
    await user.clear(endedAt);
    // Enter confirms the time typed and sends the form.
    await user.type(endedAt, '11/03/2026 07:30{Enter}');
    expect(await within(dialog).findByText("must be within the clock's run")).toBeInTheDocument();

    await user.clear(endedAt);
    await user.type(endedAt, '11/03/2026 10:30{Enter}');
    expect(await screen.findByText('Pointage de Karim Haddad arrêté.')).toBeInTheDocument();
    const posts = seen.filter((request) => request.path === '/api/technicians/tech1/clock_off');
    // 10:30 in Tunis (UTC+1).
    expect(posts.map((request) => request.body)).toEqual([{ ended_at: '2026-03-11T06:30:00Z' }, { ended_at: '2026-03-11T09:30:00Z' }]);
  });

  it("is in staff's menu, and not a technician's screen", async () => {
    staffServer();
    const { unmount } = renderApp('/workload');
    const menu = await screen.findByRole('menu', { name: 'Menu principal' });
    expect(within(menu).getByText("Charge de l'atelier")).toBeInTheDocument();
    unmount();

    const seen = serverFor('technician', (request) =>
      request.path.startsWith('/api/technicians/me/jobs') ? jsonResponse(200, { date: '2026-03-11', time_zone: 'Africa/Tunis', results: [] }) : undefined,
    );
    renderApp('/workload');
    expect(await screen.findByRole('heading', { name: 'Mes travaux' })).toBeInTheDocument();
    expect(seen.some((request) => request.path.startsWith('/api/technicians/workload'))).toBe(false);
  });
});
