import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppProviders } from '../../app/AppProviders';
import { setAccessToken } from '../../api/session';
import type { Customer, Device, Role } from '../../api/types';
import { RequireAuth } from '../../auth/guards';
import type { Locale } from '../../i18n/messages';
import { jsonResponse, type SeenRequest } from '../../test/fetchMock';
import { serverFor, testSchedule } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';
import { ProfilePage } from './ProfilePage';

const DEVICES_PATH = '/api/notifications/devices';

const CAMILLE: Customer = {
  id: 'c-1',
  user_id: 'customer-1',
  first_name: 'Camille',
  last_name: 'Client',
  email: 'camille@example.com',
  phone: '+21612345678',
  address: '',
  notes: '',
  version: 1,
  created_at: '2026-01-01T10:00:00Z',
  updated_at: '2026-01-01T10:00:00Z',
};

/** Newest first, as the API lists them: the phone still in use, then one another account took. */
const ANDROID: Device = { id: 'd2', platform: 'fcm', created_at: '2026-03-01T09:00:00Z', ended_at: null };
const IPHONE: Device = {
  id: 'd1',
  platform: 'apns',
  created_at: '2026-01-15T09:00:00Z',
  ended_at: '2026-02-20T10:00:00Z',
};

/** Intl puts no-break spaces in dates; the tests compare plain text. */
const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

/**
 * A customer's session whose phones are `devices` (a DELETE removes one, as the server
 * does); `more` answers what a test is about before the defaults.
 */
function profileServer(
  role: Role,
  devices: Device[],
  more: (request: SeenRequest) => Response | undefined = () => undefined,
): SeenRequest[] {
  let registered = [...devices];
  return serverFor(role, (request) => {
    const answer = more(request);
    if (answer !== undefined) return answer;
    if (request.path === '/api/customers/me') return jsonResponse(200, CAMILLE);
    if (request.path.startsWith('/api/customers/c-1/')) return jsonResponse(200, { results: [], next_cursor: null });
    if (request.method === 'GET' && request.path === DEVICES_PATH) return jsonResponse(200, registered);
    const removed = /^\/api\/notifications\/devices\/([^/]+)$/.exec(request.path);
    if (request.method === 'DELETE' && removed !== null) {
      registered = registered.filter((device) => device.id !== removed[1]);
      return new Response(null, { status: 204 });
    }
    return undefined;
  });
}

/** The devices card (the side menu and the page share no title with it). */
async function devicesCard(title = 'Téléphones recevant les notifications'): Promise<HTMLElement> {
  const heading = await screen.findByText(title);
  const card = heading.closest('.ant-card');
  if (!(card instanceof HTMLElement)) throw new Error(`no card titled ${title}`);
  return card;
}

/** The card's row of the phone shown as `platform`, once listed. */
async function rowOf(platform: string, title?: string): Promise<HTMLElement> {
  const name = await within(await devicesCard(title)).findByText(platform);
  const row = name.closest('.ant-list-item');
  if (!(row instanceof HTMLElement)) throw new Error(`no row for ${platform}`);
  return row;
}

const devicesCalls = (seen: SeenRequest[]) => seen.filter((r) => r.path.startsWith(DEVICES_PATH));

beforeEach(() => setAccessToken(null));

describe("the customer's phones on their profile", () => {
  it('lists each phone by its platform, registration day and whether it still gets notifications', async () => {
    profileServer('customer', [ANDROID, IPHONE]);
    renderApp('/profile');

    const android = await rowOf('Android');
    expect(plain(android.textContent)).toContain('Enregistré le 1 mars 2026');
    expect(within(android).getByText('Actif')).toBeInTheDocument();
    expect(android).not.toHaveTextContent('autre compte');

    const iphone = await rowOf('iPhone');
    expect(plain(iphone.textContent)).toContain('Enregistré le 15 janv. 2026');
    expect(plain(within(iphone).getByText(/^Utilisé par un autre compte/).textContent)).toBe(
      'Utilisé par un autre compte depuis le 20 févr. 2026',
    );
    expect(iphone).toHaveTextContent('Ce téléphone ne reçoit plus vos notifications');
    expect(within(iphone).queryByText('Actif')).not.toBeInTheDocument();

    const rows = (await devicesCard()).querySelectorAll('.ant-list-item');
    expect([...rows]).toEqual([android, iphone]);
  });

  it('says the same in English', async () => {
    profileServer('customer', [ANDROID, IPHONE]);
    renderApp('/profile', 'en' satisfies Locale);

    const title = 'Phones receiving notifications';
    expect(within(await rowOf('Android', title)).getByText('Active')).toBeInTheDocument();
    const iphone = await rowOf('iPhone', title);
    expect(plain(iphone.textContent)).toContain('Now used by another account since 20 Feb 2026');
    expect(iphone).toHaveTextContent('This phone no longer gets your notifications');
  });

  it('removes a phone only once confirmed, then lists the phones again', async () => {
    const seen = profileServer('customer', [ANDROID, IPHONE]);
    renderApp('/profile');
    const user = setupUser();

    await user.click(
      within(await rowOf('Android')).getByRole('button', { name: 'Retirer le téléphone Android enregistré le 1 mars 2026' }),
    );
    const confirm = await screen.findByRole('tooltip');
    expect(confirm).toHaveTextContent('Retirer ce téléphone (Android) ? Il ne recevra plus vos notifications.');
    expect(seen.some((r) => r.method === 'DELETE')).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: 'Retirer' }));

    expect(await screen.findByText('Téléphone retiré.')).toBeInTheDocument();
    expect(seen.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`${DEVICES_PATH}/d2`]);
    // The list is asked again and shows what the server now holds.
    const card = await devicesCard();
    await waitFor(() => expect(within(card).queryByText('Android')).not.toBeInTheDocument());
    expect(within(card).getByText('iPhone')).toBeInTheDocument();
    expect(devicesCalls(seen).filter((r) => r.method === 'GET')).toHaveLength(2);
  });

  it("shows why a removal failed, and keeps the phone", async () => {
    profileServer('customer', [IPHONE], (request) =>
      request.method === 'DELETE' ? jsonResponse(404, { title: 'Not Found', status: 404 }) : undefined,
    );
    renderApp('/profile');
    const user = setupUser();

    await user.click(within(await rowOf('iPhone')).getByRole('button', { name: /^Retirer le téléphone iPhone/ }));
    const confirm = await screen.findByRole('tooltip');
    expect(confirm).toHaveTextContent('Retirer ce téléphone (iPhone) de la liste ?');
    await user.click(within(confirm).getByRole('button', { name: 'Retirer' }));

    expect(await screen.findByText("Cet élément n'existe pas ou n'est plus visible.")).toBeInTheDocument();
    expect(screen.queryByText('Téléphone retiré.')).not.toBeInTheDocument();
    expect(within(await devicesCard()).getByText('iPhone')).toBeInTheDocument();
  });

  it('tells a customer without a registered phone how to get notifications on one', async () => {
    const seen = profileServer('customer', []);
    renderApp('/profile');

    const card = await devicesCard();
    expect(
      await within(card).findByText(
        "Aucun téléphone enregistré : installez l'application ECAR et connectez-vous pour recevoir les notifications sur votre téléphone",
      ),
    ).toBeInTheDocument();
    expect(within(card).queryByRole('button', { name: /retirer/i })).not.toBeInTheDocument();
    expect(devicesCalls(seen).map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${DEVICES_PATH}`]);
  });

  it("never asks staff's phones: the route is the customer's only", async () => {
    const seen = profileServer('staff', [], (request) => {
      // The dashboard staff are sent to, answered empty.
      if (
        request.path.startsWith('/api/services') ||
        request.path.startsWith('/api/invoices') ||
        request.path.startsWith('/api/appointments?')
      ) {
        return jsonResponse(200, { results: [], next_cursor: null });
      }
      if (request.path === '/api/appointments/schedule') return jsonResponse(200, testSchedule());
      return undefined;
    });
    renderApp('/profile');

    expect(await screen.findByRole('heading', { name: 'Tableau de bord' })).toBeInTheDocument();
    expect(devicesCalls(seen)).toEqual([]);
  });

  it('keeps the devices card quiet for staff even on a page that lets them in', async () => {
    // The profile page outside its route guard, as a later change could place it: the
    // profile answers staff 403 (shown), and the devices route is not asked.
    const seen = profileServer('staff', [], (request) =>
      request.path === '/api/customers/me' ? jsonResponse(403, { title: 'Forbidden', status: 403 }) : undefined,
    );
    render(
      <AppProviders queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })} locale="fr">
        <MemoryRouter>
          <RequireAuth>
            <ProfilePage />
          </RequireAuth>
        </MemoryRouter>
      </AppProviders>,
    );

    expect(await screen.findByText("Vous n'avez pas le droit de faire cela.")).toBeInTheDocument();
    expect(seen.some((r) => r.path === '/api/customers/me')).toBe(true);
    expect(devicesCalls(seen)).toEqual([]);
  });
});
