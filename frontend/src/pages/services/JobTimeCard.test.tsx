import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { JobTime, Service, TechnicianOnFloor } from '../../api/types';
import { jsonResponse, type SeenRequest } from '../../test/fetchMock';
import { serverFor, testItem, testSchedule, testService, testTechnician, testTimeEntry } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

/** An hour billed earlier, then Karim's hour and a half not billed yet. */
const TIME: JobTime = {
  results: [
    testTimeEntry({
      id: 'te0',
      started_at: '2026-03-10T13:00:00Z',
      ended_at: '2026-03-10T14:00:00Z',
      seconds: 3600,
      billed_item_id: 'it0',
    }),
    testTimeEntry(),
  ],
  total_hours: '2.50',
  unbilled_hours: '1.50',
};

/**
 * A staff server holding `service` and its time; billing the time answers `bill`'s response,
 * or adds the labour line and marks every entry billed.
 */
function staffServer({
  service = testService({ status: 'in_progress' }),
  time = TIME,
  technicians = [],
  bill = () => undefined,
}: {
  service?: Service;
  time?: JobTime;
  technicians?: TechnicianOnFloor[];
  bill?: (request: SeenRequest) => Response | undefined;
} = {}) {
  let current = service;
  let currentTime = time;
  return serverFor('staff', (request) => {
    if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
    if (request.path === '/api/technicians') return jsonResponse(200, { results: technicians });
    if (request.path === `/api/services/${service.id}`) return jsonResponse(200, current);
    if (request.path === `/api/services/${service.id}/time`) return jsonResponse(200, currentTime);
    if (request.method === 'POST' && request.path === `/api/services/${service.id}/bill_time`) {
      const refused = bill(request);
      if (refused !== undefined) return refused;
      const { unit_price, name } = request.body as { unit_price: string; name: string };
      const line = testItem('labour', { item_type: 'labor', name, quantity: time.unbilled_hours, unit_price });
      current = { ...current, items: [...current.items, line], version: current.version + 1 };
      currentTime = {
        ...time,
        results: time.results.map((entry) => ({ ...entry, billed_item_id: entry.billed_item_id ?? 'labour' })),
        unbilled_hours: '0.00',
      };
      return jsonResponse(200, current);
    }
    return undefined;
  });
}

const timeCard = async () => (await screen.findByText('Temps passé')).closest('.ant-card') as HTMLElement;

beforeEach(() => setAccessToken(null));

describe("a job's time (staff)", () => {
  it('lists each stretch of work with its hours and whether it is billed, the totals, and who is on the clock now', async () => {
    const running = testTimeEntry({ id: 'te9', technician_name: 'Lina Jaziri', started_at: '2026-03-11T09:58:00Z', ended_at: null });
    staffServer({ technicians: [{ ...testTechnician({ id: 'tech2', name: 'Lina Jaziri' }), clock: running }] });
    renderApp('/services/s1');

    const card = await timeCard();
    await within(card).findByText('Total : 2,5 h · non facturé : 1,5 h');
    const rows = within(card).getAllByRole('row');
    const cells = rows.slice(1).map((row) => [...row.querySelectorAll('td')].map((cell) => plain(cell.textContent)));
    expect(cells).toEqual([
      ['Karim Haddad', expect.stringMatching(/10 mars 2026.*14:00/), expect.stringMatching(/10 mars 2026.*15:00/), '1 h', 'Facturé'],
      ['Karim Haddad', expect.stringMatching(/11 mars 2026.*08:00/), expect.stringMatching(/11 mars 2026.*09:30/), '1,5 h', 'Non facturé'],
    ]);
    expect(await within(card).findByText('Lina Jaziri est pointé sur ce travail depuis 10:58.')).toBeInTheDocument();
  });

  it('bills the time at the rate typed once the server says none is configured, at the version shown', async () => {
    const seen = staffServer({
      bill: (request) =>
        (request.body as { unit_price?: string }).unit_price === undefined
          ? jsonResponse(400, {
              status: 400,
              title: 'Bad Request',
              detail: 'The request has invalid fields.',
              errors: [{ field: 'unit_price', message: 'is required: no labour rate is configured' }],
            })
          : undefined,
    });
    renderApp('/services/s1');
    const user = setupUser();

    await user.click(within(await timeCard()).getByRole('button', { name: /facturer le temps/i }));
    const dialog = await screen.findByRole('dialog', { name: 'Facturer le temps non facturé (1,5 h)' });
    expect(within(dialog).getByLabelText('Désignation')).toHaveValue("Main-d'œuvre");
    await user.click(within(dialog).getByRole('button', { name: 'Facturer le temps' }));
    expect(await within(dialog).findByText('is required: no labour rate is configured')).toBeInTheDocument();

    await user.fill(within(dialog).getByLabelText('Taux horaire'), '45,5');
    await user.click(within(dialog).getByRole('button', { name: 'Facturer le temps' }));

    expect(await screen.findByText('Temps facturé : ligne ajoutée.')).toBeInTheDocument();
    const posts = seen.filter((request) => request.path === '/api/services/s1/bill_time');
    expect(posts.map((request) => request.body)).toEqual([{ name: "Main-d'œuvre" }, { unit_price: '45.5', name: "Main-d'œuvre" }]);
    expect(posts[1]?.headers.get('If-Match')).toBe('"4"');
    // The line is among the items, the entries are billed, nothing is left to bill.
    expect(await screen.findByDisplayValue("Main-d'œuvre")).toBeInTheDocument();
    const card = await timeCard();
    await waitFor(() => expect(within(card).queryByText('Non facturé')).not.toBeInTheDocument());
    expect(within(card).getByRole('button', { name: /facturer le temps/i })).toBeDisabled();
  });

  it("shows the server's refusal in the dialog when the time rounds to nothing", async () => {
    staffServer({
      time: { results: [testTimeEntry({ seconds: 12 })], total_hours: '0.00', unbilled_hours: '0.00' },
      bill: () => jsonResponse(409, { status: 409, title: 'Conflict', detail: 'There is no unbilled time on this job.' }),
    });
    renderApp('/services/s1');
    const user = setupUser();

    await user.click(within(await timeCard()).getByRole('button', { name: /facturer le temps/i }));
    const dialog = await screen.findByRole('dialog');
    await user.fill(within(dialog).getByLabelText('Taux horaire'), '40');
    await user.click(within(dialog).getByRole('button', { name: 'Facturer le temps' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Conflit : There is no unbilled time on this job.');
  });

  it('offers no billing with nothing left to bill, or once the invoice is issued', async () => {
    const billed = { ...TIME, results: [TIME.results[0] ?? testTimeEntry()], unbilled_hours: '0.00' };
    const first = staffServer({ time: billed });
    const { unmount } = renderApp('/services/s1');
    const card = await timeCard();
    await within(card).findByText('Facturé');
    expect(within(card).getByRole('button', { name: /facturer le temps/i })).toBeDisabled();
    unmount();
    expect(first.some((request) => request.path.endsWith('/bill_time'))).toBe(false);

    staffServer({ service: testService({ status: 'completed', invoice_id: 'i1', invoice_status: 'pending' }) });
    renderApp('/services/s1');
    const invoiced = await timeCard();
    await within(invoiced).findByText('Non facturé');
    expect(within(invoiced).getByRole('button', { name: /facturer le temps/i })).toBeDisabled();
  });

  it('says when no time is recorded, in Arabic too', async () => {
    staffServer({ time: { results: [], total_hours: '0.00', unbilled_hours: '0.00' } });
    renderApp('/services/s1', 'ar');

    expect(await screen.findByText('المجموع: 0 سا · غير مفوتر: 0 سا')).toBeInTheDocument();
    expect(screen.getByText('لا يوجد وقت مسجّل')).toBeInTheDocument();
  });

  it('is not shown to a customer, who never asks for it', async () => {
    const seen = serverFor('customer', (request) =>
      request.path === '/api/services/s1' ? jsonResponse(200, testService()) : undefined,
    );
    renderApp('/services/s1');

    expect(await screen.findByRole('heading', { name: 'Vidange' })).toBeInTheDocument();
    expect(screen.queryByText('Temps passé')).not.toBeInTheDocument();
    expect(seen.some((request) => request.path.endsWith('/time'))).toBe(false);
  });
});
