import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { Customer } from '../../api/types';
import { jsonResponse, mockFetch, type SeenRequest } from '../../test/fetchMock';
import { isMenuCount } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';
import { testUser } from '../../test/users';

function customer(id: string, firstName: string, lastName: string): Customer {
  return {
    id,
    user_id: `u-${id}`,
    first_name: firstName,
    last_name: lastName,
    email: `${firstName.toLowerCase()}@example.com`,
    phone: '+21612345678',
    address: '',
    notes: '',
    version: 3,
    created_at: '2026-02-01T09:00:00Z',
    updated_at: '2026-02-01T09:00:00Z',
  };
}

const AMINA = customer('c1', 'Amina', 'Ben Salah');
const BILEL = customer('c2', 'Bilel', 'Trabelsi');

/** A logged-in staff member's server; `customers` answers the customers routes. */
function staffServer(customers: (request: SeenRequest) => Response | undefined) {
  return mockFetch((request) => {
    if (request.path === '/api/token/refresh') return jsonResponse(200, { access: 'tok' });
    if (request.path === '/api/users/me') return jsonResponse(200, testUser('staff'));
    if (isMenuCount(request.path)) return jsonResponse(200, { results: [], next_cursor: null });
    return customers(request);
  });
}

const listRequests = (seen: SeenRequest[]) =>
  seen.filter((r) => r.method === 'GET' && r.path.startsWith('/api/customers?'));

beforeEach(() => setAccessToken(null));

describe('customers list', () => {
  it('searches on the server once typing pauses, from the first page', async () => {
    const seen = staffServer((request) => {
      if (!request.path.startsWith('/api/customers?')) return undefined;
      const search = new URL(request.path, 'http://x').searchParams.get('search');
      return jsonResponse(200, { results: search === 'ami' ? [AMINA] : [AMINA, BILEL], next_cursor: null });
    });
    renderApp('/customers');
    const user = setupUser();
    expect(await screen.findByText('Bilel Trabelsi')).toBeInTheDocument();

    await user.type(screen.getByRole('searchbox'), 'ami');

    await waitFor(() => expect(screen.queryByText('Bilel Trabelsi')).not.toBeInTheDocument());
    expect(screen.getByText('Amina Ben Salah')).toBeInTheDocument();
    const searches = listRequests(seen).map((r) => new URL(r.path, 'http://x').searchParams.get('search'));
    expect(searches).toEqual([null, 'ami']);
  });

  it('pages forward with next_cursor and back again', async () => {
    const seen = staffServer((request) => {
      if (!request.path.startsWith('/api/customers?')) return undefined;
      const cursor = new URL(request.path, 'http://x').searchParams.get('cursor');
      return cursor === 'page2'
        ? jsonResponse(200, { results: [BILEL], next_cursor: null })
        : jsonResponse(200, { results: [AMINA], next_cursor: 'page2' });
    });
    renderApp('/customers');
    const user = setupUser();
    expect(await screen.findByText('Amina Ben Salah')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /précédent/i })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: /suivant/i }));
    expect(await screen.findByText('Bilel Trabelsi')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /suivant/i })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: /précédent/i }));
    expect(await screen.findByText('Amina Ben Salah')).toBeInTheDocument();
    expect(listRequests(seen)[1]?.path).toContain('cursor=page2');
    expect(listRequests(seen)[1]?.path).toContain('limit=25');
  });

  it("shows the API's validation errors on the fields of the create form", async () => {
    const seen = staffServer((request) => {
      if (request.path.startsWith('/api/customers?')) return jsonResponse(200, { results: [], next_cursor: null });
      if (request.method === 'POST' && request.path === '/api/customers') {
        return jsonResponse(400, {
          title: 'Invalid input',
          status: 400,
          errors: [
            { field: 'phone', message: 'Numéro E.164 attendu' },
            { field: 'email', message: 'Adresse déjà utilisée' },
          ],
        });
      }
      return undefined;
    });
    renderApp('/customers');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: /nouveau client/i }));
    const dialog = await screen.findByRole('dialog');
    await user.fill(within(dialog).getByLabelText('Prénom'), 'Sonia');
    await user.fill(within(dialog).getByLabelText('Nom de famille'), 'Haddad');
    await user.fill(within(dialog).getByLabelText('E-mail'), 'sonia@example.com');
    await user.fill(within(dialog).getByLabelText('Téléphone'), '12345');
    await user.click(within(dialog).getByRole('button', { name: /créer/i }));

    expect(await within(dialog).findByText('Numéro E.164 attendu')).toBeInTheDocument();
    expect(within(dialog).getByText('Adresse déjà utilisée')).toBeInTheDocument();
    const post = seen.find((r) => r.method === 'POST' && r.path === '/api/customers');
    expect(post?.body).toEqual({
      first_name: 'Sonia',
      last_name: 'Haddad',
      email: 'sonia@example.com',
      phone: '12345',
    });
  });

  it('edits a customer at the version shown, with If-Match', async () => {
    const seen = staffServer((request) => {
      if (request.path.startsWith('/api/customers?')) return jsonResponse(200, { results: [AMINA], next_cursor: null });
      if (request.method === 'PATCH' && request.path === '/api/customers/c1') {
        return jsonResponse(200, { ...AMINA, phone: '+21699999999', version: 4 });
      }
      return undefined;
    });
    renderApp('/customers');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: 'Modifier Amina Ben Salah' }));
    const dialog = await screen.findByRole('dialog');
    const phone = within(dialog).getByLabelText('Téléphone');
    await user.fill(phone, '+21699999999');
    await user.click(within(dialog).getByRole('button', { name: /enregistrer/i }));

    expect(await screen.findByText('Client mis à jour.')).toBeInTheDocument();
    const patch = seen.find((r) => r.method === 'PATCH');
    expect(patch?.headers.get('If-Match')).toBe('"3"');
    expect(patch?.body).toMatchObject({ phone: '+21699999999', first_name: 'Amina' });
  });

  it('opens the create form empty after an edit was cancelled', async () => {
    staffServer((request) =>
      request.path.startsWith('/api/customers?') ? jsonResponse(200, { results: [AMINA], next_cursor: null }) : undefined,
    );
    renderApp('/customers');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: 'Modifier Amina Ben Salah' }));
    const editDialog = await screen.findByRole('dialog');
    expect(within(editDialog).getByLabelText('Prénom')).toHaveValue('Amina');
    await user.click(within(editDialog).getByRole('button', { name: /annuler/i }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    await user.click(screen.getByRole('button', { name: /nouveau client/i }));
    const createDialog = await screen.findByRole('dialog');
    expect(within(createDialog).getByLabelText('Prénom')).toHaveValue('');
    expect(within(createDialog).getByLabelText('E-mail')).toHaveValue('');
  });

  it('deletes only after confirmation and explains a refusal', async () => {
    const seen = staffServer((request) => {
      if (request.path.startsWith('/api/customers?')) return jsonResponse(200, { results: [AMINA], next_cursor: null });
      if (request.method === 'DELETE' && request.path === '/api/customers/c1') {
        return jsonResponse(409, { title: 'Conflict', status: 409, detail: 'unpaid invoices' });
      }
      return undefined;
    });
    renderApp('/customers');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: 'Supprimer Amina Ben Salah' }));
    expect(seen.some((r) => r.method === 'DELETE')).toBe(false);
    const confirm = await screen.findByRole('tooltip');
    expect(confirm).toHaveTextContent('Supprimer le client Amina Ben Salah ?');
    await user.click(within(confirm).getByRole('button', { name: /supprimer/i }));

    expect(await screen.findByText('Conflit : unpaid invoices')).toBeInTheDocument();
    expect(seen.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });
});
