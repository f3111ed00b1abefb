import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { Service } from '../../api/types';
import { jsonResponse, type SeenRequest } from '../../test/fetchMock';
import { serverFor, testItem, testService } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

// Intl separates groups and units with (narrow) no-break spaces; compare on plain ones.
const plain = (element: HTMLElement) => (element.textContent ?? '').replace(/[\u00a0\u202f]/g, ' ');

const OIL = testItem('it1', { name: 'Huile', quantity: '4', unit_price: '12.500', total_price: '50.000' });
const SERVICE = testService({ items: [OIL], subtotal: '50.000' });

/** A staff server holding SERVICE; a change `answer` returns becomes what it holds. */
function serviceServer(answer: (request: SeenRequest) => Service | undefined = () => undefined) {
  let current = SERVICE;
  return serverFor('staff', (request) => {
    if (request.method === 'GET' && request.path === '/api/services/s1') return jsonResponse(200, current);
    const changed = answer(request);
    if (changed === undefined) return undefined;
    current = changed;
    return jsonResponse(request.method === 'POST' ? 201 : 200, changed);
  });
}

beforeEach(() => setAccessToken(null));

describe('items editor', () => {
  it('computes line totals and the subtotal exactly while typing', async () => {
    serviceServer();
    renderApp('/services/s1');
    const user = setupUser();
    const subtotal = await screen.findByLabelText('Sous-total');
    expect(plain(subtotal)).toBe('50,000 TND');

    await user.fill(screen.getByLabelText('Désignation Nouvelle ligne'), 'Filtre');
    await user.fill(screen.getByLabelText('Quantité Nouvelle ligne'), '1,5');
    await user.fill(screen.getByLabelText('Prix unitaire Nouvelle ligne'), '12.345');

    // 1.5 × 12.345 = 18.5175, rounded half away from zero as the server does.
    expect(plain(screen.getByLabelText('Total Nouvelle ligne'))).toBe('18,518 TND');
    expect(plain(subtotal)).toBe('68,518 TND');

    // 0.1 × 3 + 50 must not become 50.30000000000001.
    await user.fill(screen.getByLabelText('Quantité Huile'), '0.1');
    await user.fill(screen.getByLabelText('Prix unitaire Huile'), '3');
    expect(plain(screen.getByLabelText('Total Huile'))).toBe('0,300 TND');
    expect(plain(subtotal)).toBe('18,818 TND');

    await user.fill(screen.getByLabelText('Quantité Huile'), 'abc');
    expect(plain(screen.getByLabelText('Total Huile'))).toBe('—');
    expect(plain(subtotal)).toBe('—');
  });

  it('shows stored decimals as the language writes them, and reads Arabic digits', async () => {
    serviceServer();
    const french = renderApp('/services/s1');
    expect(await screen.findByLabelText('Prix unitaire Huile')).toHaveValue('12,500');
    french.unmount();

    serviceServer();
    const english = renderApp('/services/s1', 'en');
    expect(await screen.findByLabelText('Unit price Huile')).toHaveValue('12.500');
    english.unmount();

    serviceServer();
    renderApp('/services/s1', 'ar');
    const user = setupUser();
    expect(await screen.findByLabelText('سعر الوحدة Huile')).toHaveValue('12,500');
    // ٢٫٥ is 2.5 typed on an Arabic keyboard: 2.5 × 12.500 = 31.250.
    await user.fill(screen.getByLabelText('الكمية Huile'), '٢٫٥');
    expect(plain(screen.getByLabelText('المجموع Huile')).replace(/[\u200e\u200f]/g, '')).toBe('31,250 د.ت.');
  });

  it('adds a line at the version shown and shows the server answer', async () => {
    const seen = serviceServer((request) =>
      request.method === 'POST' && request.path === '/api/services/s1/items'
        ? {
            ...SERVICE,
            version: 5,
            items: [OIL, testItem('it2', { name: 'Filtre', quantity: '2', unit_price: '7.250', total_price: '14.500' })],
            subtotal: '64.500',
          }
        : undefined,
    );
    renderApp('/services/s1');
    const user = setupUser();

    await user.fill(await screen.findByLabelText('Désignation Nouvelle ligne'), ' Filtre ');
    await user.fill(screen.getByLabelText('Quantité Nouvelle ligne'), '2');
    await user.fill(screen.getByLabelText('Prix unitaire Nouvelle ligne'), '7,25');
    await user.click(screen.getByRole('button', { name: /ajouter la ligne/i }));

    expect(await screen.findByLabelText('Total Filtre')).toBeInTheDocument();
    expect(plain(screen.getByLabelText('Sous-total'))).toBe('64,500 TND');
    const post = seen.find((r) => r.method === 'POST' && r.path === '/api/services/s1/items');
    expect(post?.headers.get('If-Match')).toBe('"4"');
    expect(post?.body).toEqual({ item_type: 'part', name: 'Filtre', quantity: '2', unit_price: '7.25' });
    await waitFor(() => expect(screen.getByLabelText('Désignation Nouvelle ligne')).toHaveValue(''));
  });

  it('saves only the fields of a line that changed', async () => {
    const seen = serviceServer((request) =>
      request.method === 'PATCH' && request.path === '/api/services/s1/items/it1' ? { ...SERVICE, version: 5 } : undefined,
    );
    renderApp('/services/s1');
    const user = setupUser();
    const save = await screen.findByRole('button', { name: 'Enregistrer la ligne Huile' });
    expect(save).toBeDisabled();

    await user.fill(screen.getByLabelText('Quantité Huile'), '4.0');
    expect(save).toBeDisabled();
    await user.fill(screen.getByLabelText('Quantité Huile'), '5');
    await user.click(save);

    await waitFor(() => expect(seen.some((r) => r.method === 'PATCH')).toBe(true));
    expect(seen.find((r) => r.method === 'PATCH')?.body).toEqual({ quantity: '5' });
  });

  it('is read-only once the invoice is issued', async () => {
    serverFor('staff', (request) =>
      request.path === '/api/services/s1'
        ? jsonResponse(200, { ...SERVICE, status: 'completed', invoice_id: 'i1', invoice_status: 'pending' })
        : undefined,
    );
    renderApp('/services/s1');

    expect(await screen.findByText('La facture est émise : les lignes ne changent plus.')).toBeInTheDocument();
    expect(screen.queryByLabelText('Quantité Huile')).not.toBeInTheDocument();
    expect(plain(screen.getByLabelText('Total Huile'))).toBe('50,000 TND');
    // The unit price is money too, not the bare decimal of the (localised) draft.
    const row = screen.getByLabelText('Total Huile').closest('tr');
    expect(row).not.toBeNull();
    expect(plain(row as HTMLElement)).toContain('12,500 TND');
  });
});
