import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { Service } from '../../api/types';
import { jsonResponse, type SeenRequest } from '../../test/fetchMock';
import { serverFor, testService, testTechnician } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

const KARIM = testTechnician();
const LINA = testTechnician({ id: 'tech2', name: 'Lina Jaziri', username: 'lina' });

/** A staff server holding `service` and the two technicians; an assignment changes what it holds. */
function staffServer(service: Service, answer: (request: SeenRequest) => Response | undefined = () => undefined) {
  let current = service;
  return serverFor('staff', (request) => {
    if (request.path === '/api/technicians') return jsonResponse(200, { results: [KARIM, LINA] });
    if (request.method === 'GET' && request.path === `/api/services/${service.id}`) return jsonResponse(200, current);
    if (request.method === 'POST' && request.path === `/api/services/${service.id}/assign`) {
      const refused = answer(request);
      if (refused !== undefined) return refused;
      const { technician_id } = request.body as { technician_id: string | null };
      current = { ...current, technician_id, version: current.version + 1 };
      return jsonResponse(200, current);
    }
    if (request.path.startsWith('/api/services?')) return jsonResponse(200, { results: [current], next_cursor: null });
    return undefined;
  });
}

/** An option of the open Select list (the selected value also carries its title). */
async function selectOption(title: string): Promise<HTMLElement> {
  const matches = await screen.findAllByTitle(title);
  const option = matches.find((element) => element.classList.contains('ant-select-item-option'));
  if (option === undefined) throw new Error(`no open option titled ${title}`);
  return option;
}

/** The Select's box, which shows its value and takes the clicks. */
const selectBox = (combobox: HTMLElement) => combobox.closest('.ant-select') as HTMLElement;

beforeEach(() => setAccessToken(null));

describe("a service's technician (staff)", () => {
  it('shows who has the job and assigns it to another technician at the version shown', async () => {
    const seen = staffServer(testService({ technician_id: 'tech1' }));
    renderApp('/services/s1');
    const user = setupUser();

    const select = await screen.findByRole('combobox', { name: 'Technicien' });
    await waitFor(() => expect(selectBox(select)).toHaveTextContent('Karim Haddad'));
    await user.click(select);
    await user.click(await selectOption('Lina Jaziri'));

    expect(await screen.findByText('Intervention attribuée à Lina Jaziri.')).toBeInTheDocument();
    const post = seen.find((request) => request.path === '/api/services/s1/assign');
    expect(post?.body).toEqual({ technician_id: 'tech2' });
    expect(post?.headers.get('If-Match')).toBe('"4"');
    await waitFor(() => expect(selectBox(select)).toHaveTextContent('Lina Jaziri'));
  });

  it('takes the job off its technician when cleared', async () => {
    const seen = staffServer(testService({ technician_id: 'tech1' }));
    renderApp('/services/s1');
    const user = setupUser();

    const select = await screen.findByRole('combobox', { name: 'Technicien' });
    await waitFor(() => expect(selectBox(select)).toHaveTextContent('Karim Haddad'));
    const clear = selectBox(select).querySelector('.ant-select-clear');
    expect(clear).not.toBeNull();
    await user.click(clear as HTMLElement);

    expect(await screen.findByText("L'intervention n'est plus attribuée.")).toBeInTheDocument();
    expect(seen.find((request) => request.path === '/api/services/s1/assign')?.body).toEqual({ technician_id: null });
    await waitFor(() => expect(selectBox(select)).toHaveTextContent('Non attribuée'));
  });

  it("shows the server's refusal", async () => {
    staffServer(testService(), () =>
      jsonResponse(400, { status: 400, title: 'Bad Request', detail: 'technician_id is not an active technician' }),
    );
    renderApp('/services/s1');
    const user = setupUser();

    await user.click(await screen.findByRole('combobox', { name: 'Technicien' }));
    await user.click(await selectOption('Karim Haddad'));

    expect(await screen.findByText('technician_id is not an active technician')).toBeInTheDocument();
  });

  it('keeps who did a completed job, and names a technician no longer active', async () => {
    staffServer(testService({ status: 'completed', technician_id: 'gone' }));
    renderApp('/services/s1');

    const select = await screen.findByRole('combobox', { name: 'Technicien' });
    expect(select).toBeDisabled();
    await waitFor(() => expect(selectBox(select)).toHaveTextContent('Technicien inactif'));
  });

  it("names each service's technician in the services list", async () => {
    staffServer(testService({ technician_id: 'tech2' }));
    renderApp('/services');

    const table = await screen.findByRole('table');
    expect(within(table).getByRole('columnheader', { name: 'Technicien' })).toBeInTheDocument();
    expect(await within(table).findByText('Lina Jaziri')).toBeInTheDocument();
  });

  it('is not shown to a customer, who never asks for the technicians', async () => {
    const seen = serverFor('customer', (request) =>
      request.path === '/api/services/s1' ? jsonResponse(200, testService({ technician_id: 'tech1' })) : undefined,
    );
    renderApp('/services/s1');

    expect(await screen.findByRole('heading', { name: 'Vidange' })).toBeInTheDocument();
    expect(screen.queryByText('Technicien')).not.toBeInTheDocument();
    expect(seen.some((request) => request.path === '/api/technicians')).toBe(false);
  });
});
