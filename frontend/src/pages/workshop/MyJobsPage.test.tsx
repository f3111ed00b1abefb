import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { Job, Service, TimeEntry } from '../../api/types';
import { LAST_ACTIVITY_KEY } from '../../auth/idle/activity';
import { jsonResponse, type SeenRequest } from '../../test/fetchMock';
import { serverFor, testItem, testJob, testTimeEntry } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

// Intl separates groups with (narrow) no-break spaces; compare on plain ones.
const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

const BRAKES = testJob(
  { id: 's1', title: 'Freins', status: 'in_progress', technician_notes: 'Disques usés', items: [testItem('it1', { name: 'Plaquettes', quantity: '2' })] },
  { customer: { name: 'Amina Ben Salah', phone: '+21698123456' } },
);
const OIL = testJob({ id: 's2', title: 'Vidange', status: 'scheduled', description: 'Huile 5W30', version: 7 });
const TYRES = testJob({ id: 's3', title: 'Pneus', status: 'completed' }, { car: null, customer: null });
const TODAY = '2026-03-11';
/** The jobs of a day picked, or of the server's today without one. */
const jobsPath = (date?: string) => (date === undefined ? '/api/technicians/me/jobs' : `/api/technicians/me/jobs?date=${date}`);
const CLOCK_PATH = '/api/technicians/me/clock';

/** The technician's clock running on `job` since 10:58 in Tunis (2 minutes before the tests' now). */
function runningOn(job: Job): TimeEntry {
  return testTimeEntry({
    id: `te-${job.service.id}`,
    technician_id: 'technician-1',
    service_id: job.service.id,
    service_title: job.service.title,
    started_at: '2026-03-11T09:58:00Z',
    ended_at: null,
    seconds: 0,
  });
}

/**
 * A technician's server answering their jobs by day (today being `today` on its clock, the
 * garage's time zone being `timeZone`), and their clock, which clocking on and off change; `change` answers a change to a service
 * or to the clock (the changed service, or an error response), which then shows.
 */
function technicianServer(
  jobsByDay: Record<string, Job[]>,
  change: (request: SeenRequest) => Service | Response | undefined = () => undefined,
  { clock = null, today = TODAY, timeZone = 'Africa/Tunis' }: { clock?: TimeEntry | null; today?: string; timeZone?: string } = {},
) {
  const days = { ...jobsByDay };
  let open = clock;
  const jobById = (id: string) => Object.values(days).flat().find((job) => job.service.id === id);
  return serverFor('technician', (request) => {
    const answer = (date: string) => jsonResponse(200, { date, time_zone: timeZone, results: days[date] ?? [] });
    if (request.method === 'GET' && request.path === jobsPath()) return answer(today);
    const date = /^\/api\/technicians\/me\/jobs\?date=(.+)$/.exec(request.path)?.[1];
    if (request.method === 'GET' && date !== undefined) return answer(date);
    if (request.path === CLOCK_PATH) return jsonResponse(200, { open });
    const changed = change(request);
    if (changed instanceof Response) return changed;
    if (request.path === '/api/technicians/me/clock_on') {
      const job = jobById((request.body as { service_id: string }).service_id);
      if (job === undefined) return jsonResponse(404, { status: 404, title: 'Not Found' });
      open = runningOn(job);
      return jsonResponse(200, { open });
    }
    if (request.path === '/api/technicians/me/clock_off') {
      if (open === null) return jsonResponse(409, { status: 409, title: 'Conflict', detail: 'The clock does not run.' });
      const closed = { ...open, ended_at: '2026-03-11T10:00:00Z', seconds: 120 };
      open = null;
      return jsonResponse(200, closed);
    }
    if (changed === undefined) return undefined;
    for (const [day, jobs] of Object.entries(days)) {
      days[day] = jobs.map((job) => (job.service.id === changed.id ? { ...job, service: changed } : job));
    }
    return jsonResponse(request.method === 'POST' && request.path.endsWith('/items') ? 201 : 200, changed);
  });
}

const card = (title: string) => screen.findByRole('region', { name: title });

beforeEach(() => {
  setAccessToken(null);
  // Wednesday 11 March 2026, 11:00 in Tunis.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-11T10:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe("a technician's jobs", () => {
  it("shows today's jobs in the server's order, each with its car, customer, notes and items", async () => {
    const seen = technicianServer({ [TODAY]: [BRAKES, OIL, TYRES] });
    renderApp('/my-jobs');

    const brakes = await card('Freins');
    const titles = screen.getAllByRole('region').map((region) => region.getAttribute('aria-label'));
    expect(titles).toEqual(['Freins', 'Vidange', 'Pneus']);
    expect(within(brakes).getByText('En cours')).toBeInTheDocument();
    expect(within(brakes).getByText('10 mars 2026')).toBeInTheDocument();
    expect(within(brakes).getByText('Peugeot 208 2020')).toBeInTheDocument();
    expect(within(brakes).getByText('123TU4567').closest('bdi')).toHaveAttribute('dir', 'ltr');
    expect(within(brakes).getByText('VF3ABCDEF12345678')).toBeInTheDocument();
    expect(within(brakes).getByText((_, element) => element?.tagName === 'SPAN' && plain(element.textContent) === '42 000 km')).toBeInTheDocument();
    expect(within(brakes).getByText('Amina Ben Salah')).toBeInTheDocument();
    const call = within(brakes).getByRole('link', { name: 'Appeler Amina Ben Salah au +21698123456' });
    expect(call).toHaveAttribute('href', 'tel:+21698123456');
    expect(within(call).getByText('+21698123456').closest('bdi')).toHaveAttribute('dir', 'ltr');
    expect(within(brakes).getByText('Disques usés')).toBeInTheDocument();
    const pads = within(brakes).getByText('Plaquettes').closest('tr');
    expect(pads).not.toBeNull();
    expect(within(pads as HTMLElement).getByText('2')).toBeInTheDocument();
    // In progress: no start, the other actions.
    expect(within(brakes).queryByRole('button', { name: /commencer/i })).not.toBeInTheDocument();
    expect(within(brakes).getByRole('button', { name: /terminer/i })).toBeInTheDocument();
    expect(within(brakes).getByRole('button', { name: /ajouter pièce ou main-d'œuvre/i })).toBeInTheDocument();
    expect(within(brakes).getByRole('button', { name: /modifier les notes/i })).toBeInTheDocument();

    const oil = await card('Vidange');
    expect(within(oil).getByText('Huile 5W30')).toBeInTheDocument();
    expect(within(oil).getByRole('button', { name: /commencer/i })).toBeInTheDocument();
    // Closed: read-only, and a deleted car or customer says so.
    const tyres = await card('Pneus');
    expect(within(tyres).queryByRole('button')).not.toBeInTheDocument();
    expect(within(tyres).getByText('Véhicule supprimé')).toBeInTheDocument();
    expect(within(tyres).getByText('Client supprimé')).toBeInTheDocument();

    // No clock runs: the banner says so.
    expect(screen.getByText('Aucun pointage en cours : pointez sur un travail pour compter votre temps.')).toBeInTheDocument();
    // Only what a technician may ask for: their session, their jobs of the server's today and their clock.
    const paths = new Set(seen.map((request) => request.path));
    expect([...paths].sort()).toEqual([jobsPath(), CLOCK_PATH, '/api/token/refresh', '/api/users/me'].sort());
  });

  it('says when the day has no job, and shows another day picked', async () => {
    const seen = technicianServer({ [TODAY]: [], '2026-03-12': [OIL] });
    renderApp('/my-jobs');
    const user = setupUser();

    expect(await screen.findByText('Aucun travail pour ce jour')).toBeInTheDocument();
    await user.click(screen.getByLabelText('Jour affiché'));
    const cell = await waitFor(() => {
      const found = document.querySelector<HTMLElement>('td[title="2026-03-12"]');
      expect(found).not.toBeNull();
      return found as HTMLElement;
    });
    await user.click(cell);

    expect(await card('Vidange')).toBeInTheDocument();
    expect(seen.some((request) => request.path === jobsPath('2026-03-12'))).toBe(true);
    await user.click(screen.getByRole('button', { name: "Aujourd'hui" }));
    expect(await screen.findByText('Aucun travail pour ce jour')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: "Aujourd'hui" })).not.toBeInTheDocument();
  });

  it("shows the server's today, not the browser's, and asks for no day until one is picked", async () => {
    // Past midnight in the garage, the browser's clock still on the day before.
    const seen = technicianServer({ '2026-03-12': [OIL] }, () => undefined, { today: '2026-03-12' });
    renderApp('/my-jobs');

    expect(await card('Vidange')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Jour affiché')).toHaveValue('12 mars 2026'));
    expect(screen.queryByRole('button', { name: "Aujourd'hui" })).not.toBeInTheDocument();
    expect(seen.filter((request) => request.path.startsWith(jobsPath())).map((request) => request.path)).toEqual([jobsPath()]);
  });

  it('starts a job after confirming, at the version shown, then clocks on it', async () => {
    const seen = technicianServer({ [TODAY]: [OIL] }, (request) =>
      request.method === 'POST' && request.path === '/api/services/s2/start'
        ? { ...OIL.service, status: 'in_progress', version: 8 }
        : undefined,
    );
    renderApp('/my-jobs');
    const user = setupUser();

    await user.click(within(await card('Vidange')).getByRole('button', { name: /commencer/i }));
    const confirm = await screen.findByRole('dialog');
    expect(confirm).toHaveTextContent("Commencer l'intervention « Vidange » ?");
    await user.click(within(confirm).getByRole('button', { name: 'Commencer' }));

    expect(await screen.findByText('Intervention commencée.')).toBeInTheDocument();
    const oil = await card('Vidange');
    expect(await within(oil).findByText('En cours')).toBeInTheDocument();
    expect(await within(oil).findByText('Pointage en cours')).toBeInTheDocument();
    const banner = screen.getByRole('region', { name: 'Pointage en cours' });
    expect(banner).toHaveTextContent('Pointé sur « Vidange » depuis 10:58');
    const start = seen.findIndex((request) => request.path === '/api/services/s2/start');
    expect(seen[start]?.headers.get('If-Match')).toBe('"7"');
    const clockOn = seen.findIndex((request) => request.path === '/api/technicians/me/clock_on');
    expect(clockOn).toBeGreaterThan(start);
    expect(seen[clockOn]?.body).toEqual({ service_id: 's2' });
  });

  it("keeps the job started when the clock refuses it, and says why on the card", async () => {
    const seen = technicianServer({ [TODAY]: [OIL] }, (request) => {
      if (request.path === '/api/services/s2/start') return { ...OIL.service, status: 'in_progress', version: 8 };
      if (request.path === '/api/technicians/me/clock_on') {
        return jsonResponse(409, { status: 409, title: 'Conflict', detail: 'The job is cancelled.' });
      }
      return undefined;
    });
    renderApp('/my-jobs');
    const user = setupUser();

    await user.click(within(await card('Vidange')).getByRole('button', { name: /commencer/i }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Commencer' }));

    const oil = await card('Vidange');
    expect(await within(oil).findByRole('alert')).toHaveTextContent('Conflit : The job is cancelled.');
    expect(within(oil).getByText('En cours')).toBeInTheDocument();
    expect(within(oil).getByRole('button', { name: /pointer/i })).toBeInTheDocument();
    expect(seen.filter((request) => request.path === '/api/services/s2/start')).toHaveLength(1);
  });

  it("keeps a refused start's message on the card", async () => {
    technicianServer({ [TODAY]: [OIL] }, (request) =>
      request.path === '/api/services/s2/start'
        ? jsonResponse(409, { status: 409, title: 'Conflict', detail: 'The service is cancelled: staff change it now.' })
        : undefined,
    );
    renderApp('/my-jobs');
    const user = setupUser();

    const oil = await card('Vidange');
    await user.click(within(oil).getByRole('button', { name: /commencer/i }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Commencer' }));

    expect(await within(oil).findByRole('alert')).toHaveTextContent('Conflit : The service is cancelled: staff change it now.');
  });

  it('completes a job with the odometer reading and notes, without asking for a day', async () => {
    const seen = technicianServer({ [TODAY]: [BRAKES] }, (request) =>
      request.method === 'POST' && request.path === '/api/services/s1/complete'
        ? { ...BRAKES.service, status: 'completed', technician_notes: 'Disques changés', version: 5 }
        : undefined,
    );
    renderApp('/my-jobs');
    const user = setupUser();

    await user.click(within(await card('Freins')).getByRole('button', { name: /terminer/i }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByLabelText('Terminée le')).not.toBeInTheDocument();
    await user.fill(within(dialog).getByLabelText("Kilométrage à l'intervention"), '42500');
    await user.fill(within(dialog).getByLabelText('Notes du technicien'), 'Disques changés');
    await user.click(within(dialog).getByRole('button', { name: 'Terminer' }));

    expect(await screen.findByText('Intervention terminée.')).toBeInTheDocument();
    const post = seen.find((request) => request.path === '/api/services/s1/complete');
    expect(post?.body).toEqual({ service_mileage: 42500, technician_notes: 'Disques changés' });
    expect(post?.headers.get('If-Match')).toBe('"4"');
    const brakes = await card('Freins');
    expect(await within(brakes).findByText('Terminée')).toBeInTheDocument();
    expect(within(brakes).queryByRole('button')).not.toBeInTheDocument();
  });

  it('adds labour in hours as typed; the price may stay blank', async () => {
    const seen = technicianServer({ [TODAY]: [BRAKES] }, (request) =>
      request.method === 'POST' && request.path === '/api/services/s1/items'
        ? {
            ...BRAKES.service,
            items: [...BRAKES.service.items, testItem('it2', { item_type: 'labor', name: 'Montage', quantity: '1.5' })],
            version: 5,
          }
        : undefined,
    );
    renderApp('/my-jobs');
    const user = setupUser();

    await user.click(within(await card('Freins')).getByRole('button', { name: /ajouter pièce ou main-d'œuvre/i }));
    const dialog = await screen.findByRole('dialog', { name: 'Ajouter à « Freins »' });
    await user.click(within(dialog).getByText("Main-d'œuvre"));
    await user.fill(within(dialog).getByLabelText('Désignation'), ' Montage ');
    await user.fill(within(dialog).getByLabelText('Quantité'), '0');
    await user.click(within(dialog).getByRole('button', { name: 'Ajouter la ligne' }));
    expect(await within(dialog).findByText('Saisissez un nombre supérieur à 0.')).toBeInTheDocument();
    await user.fill(within(dialog).getByLabelText('Quantité'), '1,5');
    await user.click(within(dialog).getByRole('button', { name: 'Ajouter la ligne' }));

    expect(await screen.findByText('Ligne ajoutée.')).toBeInTheDocument();
    const posts = seen.filter((request) => request.method === 'POST' && request.path === '/api/services/s1/items');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual({ item_type: 'labor', name: 'Montage', quantity: '1.5', unit_price: '0' });
    expect(posts[0]?.headers.get('If-Match')).toBe('"4"');
    const row = (await within(await card('Freins')).findByText('Montage')).closest('tr');
    expect(within(row as HTMLElement).getByText('1,5')).toBeInTheDocument();
  });

  it("shows the server's refusal of a change in the dialog", async () => {
    technicianServer({ [TODAY]: [BRAKES] }, (request) =>
      request.method === 'POST' && request.path === '/api/services/s1/items'
        ? jsonResponse(409, { status: 409, title: 'Conflict', detail: 'The service is completed: staff change it now.' })
        : undefined,
    );
    renderApp('/my-jobs');
    const user = setupUser();

    await user.click(within(await card('Freins')).getByRole('button', { name: /ajouter pièce ou main-d'œuvre/i }));
    const dialog = await screen.findByRole('dialog');
    await user.fill(within(dialog).getByLabelText('Désignation'), 'Filtre');
    await user.fill(within(dialog).getByLabelText('Prix unitaire'), '12,5');
    await user.click(within(dialog).getByRole('button', { name: 'Ajouter la ligne' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Conflit : The service is completed: staff change it now.');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('rewrites the notes of a job', async () => {
    const seen = technicianServer({ [TODAY]: [BRAKES] }, (request) =>
      request.method === 'POST' && request.path === '/api/services/s1/notes'
        ? { ...BRAKES.service, technician_notes: 'Disques à changer\nCommander les pièces', version: 5 }
        : undefined,
    );
    renderApp('/my-jobs');
    const user = setupUser();

    await user.click(within(await card('Freins')).getByRole('button', { name: /modifier les notes/i }));
    const dialog = await screen.findByRole('dialog', { name: 'Notes sur « Freins »' });
    const notes = within(dialog).getByLabelText('Notes du technicien');
    expect(notes).toHaveValue('Disques usés');
    await user.fill(notes, 'Disques à changer\nCommander les pièces ');
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));

    expect(await screen.findByText('Notes enregistrées.')).toBeInTheDocument();
    const post = seen.find((request) => request.path === '/api/services/s1/notes');
    expect(post?.body).toEqual({ technician_notes: 'Disques à changer\nCommander les pièces' });
    expect(post?.headers.get('If-Match')).toBe('"4"');
    expect(await within(await card('Freins')).findByText(/Commander les pièces/)).toBeInTheDocument();
  });

  it('clocks on another job from its card: the clock moves there', async () => {
    const seen = technicianServer({ [TODAY]: [BRAKES, { ...OIL, service: { ...OIL.service, status: 'in_progress' } }] }, () => undefined, {
      clock: runningOn(BRAKES),
    });
    renderApp('/my-jobs');
    const user = setupUser();

    const brakes = await card('Freins');
    expect(await within(brakes).findByText('Pointage en cours')).toBeInTheDocument();
    expect(within(brakes).queryByRole('button', { name: /pointer/i })).not.toBeInTheDocument();
    const oil = await card('Vidange');
    await user.click(within(oil).getByRole('button', { name: /pointer/i }));

    expect(await screen.findByText('Pointage démarré sur « Vidange ».')).toBeInTheDocument();
    expect(await within(oil).findByText('Pointage en cours')).toBeInTheDocument();
    expect(within(brakes).getByRole('button', { name: /pointer/i })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Pointage en cours' })).toHaveTextContent('Pointé sur « Vidange »');
    expect(seen.find((request) => request.path === '/api/technicians/me/clock_on')?.body).toEqual({ service_id: 's2' });
  });

  it('clocks off from the banner', async () => {
    const seen = technicianServer({ [TODAY]: [BRAKES] }, () => undefined, { clock: runningOn(BRAKES) });
    renderApp('/my-jobs');
    const user = setupUser();

    const banner = await screen.findByRole('region', { name: 'Pointage en cours' });
    expect(banner).toHaveTextContent('Pointé sur « Freins » depuis 10:58');
    await user.click(within(banner).getByRole('button', { name: /arrêter le pointage/i }));

    expect(await screen.findByText('Pointage arrêté.')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Pointage en cours' })).not.toBeInTheDocument();
    expect(screen.getByText(/Aucun pointage en cours/)).toBeInTheDocument();
    expect(within(await card('Freins')).getByRole('button', { name: /pointer/i })).toBeInTheDocument();
    expect(seen.filter((request) => request.path === '/api/technicians/me/clock_off')).toHaveLength(1);
  });

  it("shows the clock's start and the update on the garage's clock, which the jobs' answer names", async () => {
    // 15 July 2026, 10:00 UTC: noon in Paris (summer time), 11:00 in Tunis.
    vi.setSystemTime(new Date('2026-07-15T10:00:00Z'));
    const summer = { ...runningOn(BRAKES), started_at: '2026-07-15T09:58:00Z' };
    const seen = technicianServer({ '2026-07-15': [BRAKES] }, () => undefined, {
      clock: summer,
      today: '2026-07-15',
      timeZone: 'Europe/Paris',
    });
    renderApp('/my-jobs');

    await card('Freins');
    const banner = await screen.findByRole('region', { name: 'Pointage en cours' });
    await waitFor(() => expect(banner).toHaveTextContent('Pointé sur « Freins » depuis 11:58'));
    expect(screen.getByText('Mis à jour à 12:00')).toBeInTheDocument();
    // Not from the schedule, which a technician cannot read.
    expect(seen.some((request) => request.path.startsWith('/api/appointments'))).toBe(false);
  });

  it('shows a refused clock-off on the banner, and asks for the clock again', async () => {
    const seen = technicianServer(
      { [TODAY]: [BRAKES] },
      (request) =>
        request.path === '/api/technicians/me/clock_off'
          ? jsonResponse(409, { status: 409, title: 'Conflict', detail: 'The clock does not run.' })
          : undefined,
      { clock: runningOn(BRAKES) },
    );
    renderApp('/my-jobs');
    const user = setupUser();

    const banner = await screen.findByRole('region', { name: 'Pointage en cours' });
    await user.click(within(banner).getByRole('button', { name: /arrêter le pointage/i }));

    expect(await within(banner).findByText('Conflit : The clock does not run.')).toBeInTheDocument();
    await waitFor(() => expect(seen.filter((request) => request.path === CLOCK_PATH).length).toBeGreaterThan(1));
  });

  it('reads right to left in Arabic, the plate and the phone left to right', async () => {
    technicianServer({ [TODAY]: [BRAKES] });
    renderApp('/my-jobs', 'ar');

    const brakes = await card('Freins');
    expect(screen.getByRole('heading', { name: 'أشغالي' })).toBeInTheDocument();
    expect(document.documentElement).toHaveAttribute('dir', 'rtl');
    expect(within(brakes).getByText('123TU4567').closest('bdi')).toHaveAttribute('dir', 'ltr');
    expect(within(brakes).getByText('+21698123456').closest('bdi')).toHaveAttribute('dir', 'ltr');
    expect(within(brakes).getByRole('button', { name: /إنهاء/ })).toBeInTheDocument();
  });
});

describe('the refresh of the jobs', () => {
  beforeEach(() => {
    // Real time still runs (the screen renders as usual); the test jumps ahead a minute.
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-03-11T10:00:00Z'));
  });

  it('asks for the jobs and the clock again every minute', async () => {
    const seen = technicianServer({ [TODAY]: [OIL] });
    renderApp('/my-jobs');
    await card('Vidange');
    const reads = (path: string) => seen.filter((request) => request.path === path).length;
    expect(reads(jobsPath())).toBe(1);
    expect(reads(CLOCK_PATH)).toBe(1);

    await vi.advanceTimersByTimeAsync(59_000);
    expect(reads(jobsPath())).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    await waitFor(() => expect(reads(jobsPath())).toBe(2));
    await waitFor(() => expect(reads(CLOCK_PATH)).toBe(2));
  });

  it('counts the time on the clock every second', async () => {
    technicianServer({ [TODAY]: [BRAKES] }, () => undefined, { clock: runningOn(BRAKES) });
    renderApp('/my-jobs');

    const banner = await screen.findByRole('region', { name: 'Pointage en cours' });
    const timer = within(banner).getByRole('timer', { name: 'Temps écoulé' });
    expect(timer).toHaveTextContent(/^0:02:0\d$/);
    await vi.advanceTimersByTimeAsync(65_000);
    await waitFor(() => expect(timer).toHaveTextContent(/^0:03:[01]\d$/));
  });

  it('keeps the session awake while shown, as the workshop board does', async () => {
    technicianServer({ [TODAY]: [OIL] });
    renderApp('/my-jobs');
    await card('Vidange');
    const lastActivity = () => Number(window.localStorage.getItem(LAST_ACTIVITY_KEY));
    const shownAt = lastActivity();
    expect(shownAt).toBeGreaterThan(0);

    await vi.advanceTimersByTimeAsync(61_000);
    await waitFor(() => expect(lastActivity()).toBeGreaterThanOrEqual(shownAt + 60_000));
  });
});
