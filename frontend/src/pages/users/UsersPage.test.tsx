import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import { jsonResponse, mockFetch, type SeenRequest } from '../../test/fetchMock';
import { isMenuCount } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';
import { testUser } from '../../test/users';

const ME = testUser('admin', { id: 'me', username: 'boss', first_name: 'Bea', last_name: 'Boss' });
const NOUR = testUser('staff', { id: 'u2', username: 'nour', first_name: 'Nour', last_name: 'Mechanic' });
const CAMILLE = testUser('customer', { id: 'u3', username: 'camille' });

/** A logged-in admin's server; `users` answers the user-management routes. */
function adminServer(users: (request: SeenRequest) => Response | undefined = () => undefined) {
  return mockFetch((request) => {
    if (request.path === '/api/token/refresh') return jsonResponse(200, { access: 'tok' });
    if (request.path === '/api/users/me') return jsonResponse(200, ME);
    if (isMenuCount(request.path)) return jsonResponse(200, { results: [], next_cursor: null });
    if (request.path.startsWith('/api/users?')) {
      return jsonResponse(200, { results: [ME, NOUR, CAMILLE], next_cursor: null });
    }
    return users(request);
  });
}

/** The table row that shows `text`. */
async function rowOf(text: string): Promise<HTMLElement> {
  const cell = await screen.findByText(text);
  const row = cell.closest('tr');
  if (row === null) throw new Error(`${text} is not in a table row`);
  return row;
}

/** An option of the open Select list (the selected value also carries its title). */
async function selectOption(title: string): Promise<HTMLElement> {
  const matches = await screen.findAllByTitle(title);
  const option = matches.find((element) => element.classList.contains('ant-select-item-option'));
  if (option === undefined) throw new Error(`no open option titled ${title}`);
  return option;
}

beforeEach(() => setAccessToken(null));

describe('users screen', () => {
  it('lets an admin disable another account after confirming, never their own', async () => {
    const seen = adminServer((request) =>
      request.method === 'PATCH' && request.path === '/api/users/u2'
        ? jsonResponse(200, { ...NOUR, is_active: false })
        : undefined,
    );
    renderApp('/users');
    const user = setupUser();

    expect(within(await rowOf('boss')).queryByRole('button', { name: 'Désactiver' })).not.toBeInTheDocument();
    await user.click(within(await rowOf('nour')).getByRole('button', { name: 'Désactiver' }));
    const confirm = await screen.findByRole('tooltip');
    expect(confirm).toHaveTextContent('Désactiver le compte Nour Mechanic ?');
    await user.click(within(confirm).getByRole('button', { name: 'Désactiver' }));

    expect(await screen.findByText('Utilisateur mis à jour.')).toBeInTheDocument();
    const patch = seen.find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({ is_active: false });
  });

  it('changes a role only once the admin confirms', async () => {
    const seen = adminServer((request) =>
      request.method === 'PATCH' && request.path === '/api/users/u2'
        ? jsonResponse(200, { ...NOUR, role: 'admin' })
        : undefined,
    );
    renderApp('/users');
    const user = setupUser();

    await user.click(within(await rowOf('nour')).getByRole('combobox', { name: 'Rôle nour' }));
    await user.click(await selectOption('Administrateur'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Donner le rôle « Administrateur » à Nour Mechanic ?');
    expect(seen.some((r) => r.method === 'PATCH')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));

    expect(await screen.findByText('Utilisateur mis à jour.')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'PATCH')?.body).toEqual({ role: 'admin' });
  });

  it('creates a staff account and shows a taken username on its field', async () => {
    const seen = adminServer((request) =>
      request.method === 'POST' && request.path === '/api/users'
        ? jsonResponse(409, {
            title: 'Conflict',
            status: 409,
            errors: [{ field: 'username', message: 'déjà pris' }],
          })
        : undefined,
    );
    renderApp('/users');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: /nouvel utilisateur/i }));
    const dialog = await screen.findByRole('dialog');
    await user.fill(within(dialog).getByLabelText("Nom d'utilisateur"), 'nour');
    await user.fill(within(dialog).getByLabelText('E-mail'), 'nour@garage.example');
    await user.fill(within(dialog).getByLabelText('Mot de passe'), 'a long passphrase');
    await user.click(within(dialog).getByRole('button', { name: /créer/i }));

    expect(await within(dialog).findByText('déjà pris')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'POST' && r.path === '/api/users')?.body).toEqual({
      username: 'nour',
      email: 'nour@garage.example',
      password: 'a long passphrase',
      role: 'staff',
    });
  });
});
