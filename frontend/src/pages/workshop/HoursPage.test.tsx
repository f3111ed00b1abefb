import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { HoursReport, Role } from '../../api/types';
import { jsonResponse } from '../../test/fetchMock';
import { serverFor, testSchedule } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

/** Karim's hours on two days of the period asked for. */
function reportOf(from: string, to: string): HoursReport {
  return {
    from,
    to,
    technicians: [
      {
        technician_id: 'tech1',
        name: 'Karim Haddad',
        days: [
          { date: '2026-03-09', hours: '6.25' },
          { date: '2026-03-11', hours: '1.50' },
        ],
        total_hours: '7.75',
        billed_hours: '6.00',
      },
    ],
  };
}

const HOURS = /^\/api\/technicians\/hours\?from=([\d-]+)&to=([\d-]+)$/;

/** A server of `role` answering the hours of any period, and their CSV export. */
function hoursServer(role: Role) {
  return serverFor(role, (request) => {
    if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
    if (request.path.startsWith('/api/technicians/hours/export')) {
      return new Response('technician_name,hours\nKarim Haddad,1.50\n', { status: 200, headers: { 'Content-Type': 'text/csv' } });
    }
    const period = HOURS.exec(request.path);
    return period === null ? undefined : jsonResponse(200, reportOf(period[1] ?? '', period[2] ?? ''));
  });
}

const { createObjectURL, revokeObjectURL } = URL;

beforeEach(() => {
  setAccessToken(null);
  // Wednesday 11 March 2026, 11:00 in Tunis.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-11T10:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  URL.createObjectURL = createObjectURL;
  URL.revokeObjectURL = revokeObjectURL;
});

describe("the technicians' hours (staff)", () => {
  it('shows the last seven days: per technician the total, the billed hours and each day', async () => {
    const seen = hoursServer('staff');
    renderApp('/hours');

    expect(await screen.findByRole('heading', { name: 'Heures des techniciens' })).toBeInTheDocument();
    const row = (await screen.findByText('Karim Haddad')).closest('tr') as HTMLElement;
    expect(seen.some((request) => request.path === '/api/technicians/hours?from=2026-03-05&to=2026-03-11')).toBe(true);
    expect(screen.getAllByRole('columnheader').map((header) => header.textContent)).toEqual([
      'Technicien',
      'Total',
      'Facturées',
      'jeu. 5 mars',
      'ven. 6 mars',
      'sam. 7 mars',
      'dim. 8 mars',
      'lun. 9 mars',
      'mar. 10 mars',
      'mer. 11 mars',
    ]);
    expect([...row.querySelectorAll('td')].map((cell) => plain(cell.textContent))).toEqual([
      'Karim Haddad',
      '7,75 h',
      '6 h',
      '—',
      '—',
      '—',
      '—',
      '6,25 h',
      '—',
      '1,5 h',
    ]);
    // Staff see the hours; exporting the entries is the admins'.
    expect(screen.queryByRole('button', { name: /exporter en csv/i })).not.toBeInTheDocument();
    const menu = screen.getByRole('menu', { name: 'Menu principal' });
    expect(within(menu).getByText('Heures')).toBeInTheDocument();
  });

  it('shows another period picked', async () => {
    const seen = hoursServer('staff');
    renderApp('/hours');
    const user = setupUser();
    await screen.findByText('Karim Haddad');

    await user.click(screen.getAllByLabelText('Période')[0] as HTMLElement);
    const cell = (date: string) =>
      waitFor(() => {
        const found = document.querySelector<HTMLElement>(`td[title="${date}"]`);
        expect(found).not.toBeNull();
        return found as HTMLElement;
      });
    await user.click(await cell('2026-03-02'));
    await user.click(await cell('2026-03-03'));

    expect(await screen.findByRole('columnheader', { name: 'lun. 2 mars' })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'mar. 3 mars' })).toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: 'mer. 4 mars' })).not.toBeInTheDocument();
    expect(seen.some((request) => request.path === '/api/technicians/hours?from=2026-03-02&to=2026-03-03')).toBe(true);
  });

  it("lets an admin export the period's entries as CSV", async () => {
    const seen = hoursServer('admin');
    const blobs: Blob[] = [];
    // jsdom has no object URLs: the page's blob is caught here.
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:hours';
    });
    URL.revokeObjectURL = vi.fn();
    const downloads: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });
    renderApp('/hours');
    const user = setupUser();
    await screen.findByText('Karim Haddad');

    await user.click(screen.getByRole('button', { name: /exporter en csv/i }));

    await waitFor(() => expect(downloads).toEqual(['hours.csv']));
    const exported = seen.find((request) => request.path.startsWith('/api/technicians/hours/export'));
    expect(exported?.path).toBe('/api/technicians/hours/export?from=2026-03-05&to=2026-03-11');
    expect(exported?.headers.get('Accept')).toBe('text/csv');
    expect(await blobs[0]?.text()).toBe('technician_name,hours\nKarim Haddad,1.50\n');
  });

  it('reads right to left in Arabic', async () => {
    hoursServer('staff');
    renderApp('/hours', 'ar');

    expect(await screen.findByRole('heading', { name: 'ساعات عمل الفنّيين' })).toBeInTheDocument();
    const row = (await screen.findByText('Karim Haddad')).closest('tr') as HTMLElement;
    expect(plain(row.querySelectorAll('td')[1]?.textContent ?? null)).toBe('7,75 سا');
    expect(document.documentElement).toHaveAttribute('dir', 'rtl');
  });

  it('is not a technician\'s screen', async () => {
    const seen = serverFor('technician', (request) =>
      request.path === '/api/technicians/me/jobs' ? jsonResponse(200, { date: '2026-03-11', time_zone: 'Africa/Tunis', results: [] }) : undefined,
    );
    renderApp('/hours');
    expect(await screen.findByRole('heading', { name: 'Mes travaux' })).toBeInTheDocument();
    expect(seen.some((request) => request.path.startsWith('/api/technicians/hours'))).toBe(false);
  });
});
