import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import { jsonResponse, mockFetch, type SeenRequest } from '../../test/fetchMock';
import { isMenuCount } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser, type TestUser } from '../../test/user';
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

/** Opens the set-a-password dialog of `username`'s row and fills both fields. */
async function fillPasswordDialog(
  user: TestUser,
  username: string,
  password: string,
  confirmation: string,
): Promise<HTMLElement> {
  await user.click(within(await rowOf(username)).getByRole('button', { name: 'Définir un mot de passe' }));
  const dialog = await screen.findByRole('dialog');
  await user.fill(within(dialog).getByLabelText('Nouveau mot de passe'), password);
  await user.fill(within(dialog).getByLabelText('Confirmez le mot de passe'), confirmation);
  return dialog;
}

const isSetPassword = (request: SeenRequest) => request.path.endsWith('/set_password');
const isListRead = (request: SeenRequest) => request.method === 'GET' && request.path.startsWith('/api/users?');

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
  it('creates a technician account', async () => {
    const KARIM = testUser('technician', { id: 'u4', username: 'karim', first_name: 'Karim', last_name: 'Haddad' });
    const seen = adminServer((request) =>
      request.method === 'POST' && request.path === '/api/users' ? jsonResponse(201, KARIM) : undefined,
    );
    renderApp('/users');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: /nouvel utilisateur/i }));
    const dialog = await screen.findByRole('dialog');
    await user.fill(within(dialog).getByLabelText("Nom d'utilisateur"), 'karim');
    await user.fill(within(dialog).getByLabelText('E-mail'), 'karim@garage.example');
    await user.fill(within(dialog).getByLabelText('Prénom'), 'Karim');
    await user.fill(within(dialog).getByLabelText('Nom de famille'), 'Haddad');
    await user.fill(within(dialog).getByLabelText('Mot de passe'), 'a long technician passphrase');
    await user.click(within(dialog).getByLabelText('Rôle'));
    await user.click(await selectOption('Technicien'));
    await user.click(within(dialog).getByRole('button', { name: /créer/i }));

    expect(await screen.findByText('Utilisateur créé.')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'POST' && r.path === '/api/users')?.body).toEqual({
      username: 'karim',
      email: 'karim@garage.example',
      password: 'a long technician passphrase',
      role: 'technician',
      first_name: 'Karim',
      last_name: 'Haddad',
    });
  });

  it('offers the technician role to the accounts of the garage', async () => {
    const seen = adminServer((request) =>
      request.method === 'PATCH' && request.path === '/api/users/u2'
        ? jsonResponse(200, { ...NOUR, role: 'technician' })
        : undefined,
    );
    renderApp('/users');
    const user = setupUser();

    await user.click(within(await rowOf('nour')).getByRole('combobox', { name: 'Rôle nour' }));
    await user.click(await selectOption('Technicien'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Donner le rôle « Technicien » à Nour Mechanic ?');
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));

    expect(await screen.findByText('Utilisateur mis à jour.')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'PATCH')?.body).toEqual({ role: 'technician' });
  });

  it("offers to set another account's password, never the admin's own", async () => {
    adminServer();
    renderApp('/users');

    expect(within(await rowOf('nour')).getByRole('button', { name: 'Définir un mot de passe' })).toBeInTheDocument();
    expect(within(await rowOf('camille')).getByRole('button', { name: 'Définir un mot de passe' })).toBeInTheDocument();
    expect(within(await rowOf('boss')).queryByRole('button', { name: 'Définir un mot de passe' })).not.toBeInTheDocument();
  });

  it('refuses a confirmation that differs from the new password without asking the server', async () => {
    const seen = adminServer();
    renderApp('/users');
    const user = setupUser();

    const dialog = await fillPasswordDialog(user, 'nour', 'a long passphrase', 'a long passphrasE');
    expect(dialog).toHaveTextContent(
      'Toutes les sessions de Nour Mechanic prennent fin : il faudra se reconnecter avec ce nouveau mot de passe.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));

    expect(await within(dialog).findByText('Les deux mots de passe ne correspondent pas.')).toBeInTheDocument();
    expect(seen.some(isSetPassword)).toBe(false);
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it("sets the account's password with the version seen, then refreshes the list", async () => {
    const seen = adminServer((request) =>
      request.method === 'POST' && request.path === '/api/users/u2/set_password'
        ? jsonResponse(200, { ...NOUR, version: 2 })
        : undefined,
    );
    renderApp('/users');
    const user = setupUser();

    const dialog = await fillPasswordDialog(user, 'nour', 'a new long passphrase', 'a new long passphrase');
    const listReads = seen.filter(isListRead).length;
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));

    expect(await screen.findByText('Mot de passe de Nour Mechanic défini. Ses sessions sont fermées.')).toBeInTheDocument();
    const posts = seen.filter(isSetPassword);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.method).toBe('POST');
    expect(posts[0]?.path).toBe('/api/users/u2/set_password');
    expect(posts[0]?.body).toEqual({ new_password: 'a new long passphrase', version: 1 });
    await waitFor(() => expect(seen.filter(isListRead).length).toBeGreaterThan(listReads));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it("shows the server's password policy error on the new password field", async () => {
    const seen = adminServer((request) =>
      request.method === 'POST' && request.path === '/api/users/u2/set_password'
        ? jsonResponse(400, {
            title: 'Bad Request',
            status: 400,
            errors: [{ field: 'new_password', message: 'Ce mot de passe est trop courant.' }],
          })
        : undefined,
    );
    renderApp('/users');
    const user = setupUser();

    const dialog = await fillPasswordDialog(user, 'nour', 'password123', 'password123');
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));

    const fieldError = await within(dialog).findByText('Ce mot de passe est trop courant.');
    // On the field itself (its explanation under the input), not in the alert above the form.
    expect(fieldError.closest('.ant-form-item')).toContainElement(within(dialog).getByLabelText('Nouveau mot de passe'));
    expect(dialog.querySelector('.ant-alert-error')).toBeNull();
    expect(seen.filter(isSetPassword)).toHaveLength(1);
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('shows a stale version above the form', async () => {
    adminServer((request) =>
      request.method === 'POST' && request.path === '/api/users/u2/set_password'
        ? jsonResponse(409, { title: 'Conflict', status: 409 })
        : undefined,
    );
    renderApp('/users');
    const user = setupUser();

    const dialog = await fillPasswordDialog(user, 'nour', 'a new long passphrase', 'a new long passphrase');
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));

    expect(await within(dialog).findByText("Quelqu'un l'a modifié entre-temps. Rechargez et recommencez.")).toBeInTheDocument();
    expect(dialog.querySelector('.ant-alert-error')).toHaveTextContent("Quelqu'un l'a modifié entre-temps.");
  });
});
