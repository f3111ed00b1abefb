import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { Invoice, InvoiceStatus } from '../../api/types';
import { jsonResponse, type SeenRequest } from '../../test/fetchMock';
import { serverFor, testInvoice } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';
import { invoiceActions } from './invoiceActions';

const ACTION_LABELS = ['Émettre', 'Marquer payée', 'Rembourser', 'Annuler la facture', 'Supprimer le brouillon'];

/** A server holding one invoice of `status`; an invoice `change` returns becomes what it holds. */
function invoiceServer(status: InvoiceStatus, change: (r: SeenRequest) => Invoice | undefined = () => undefined) {
  let current = testInvoice({ status, invoice_number: status === 'draft' ? null : 'INV-2026-000001' });
  return serverFor('staff', (request) => {
    if (request.method === 'GET' && request.path === '/api/invoices/i1') return jsonResponse(200, current);
    const changed = change(request);
    if (changed === undefined) return undefined;
    current = changed;
    return jsonResponse(200, changed);
  });
}

async function shownActions(): Promise<string[]> {
  await screen.findByText('Lignes');
  return ACTION_LABELS.filter((name) => screen.queryByRole('button', { name }) !== null);
}

beforeEach(() => setAccessToken(null));

describe('invoice actions by status', () => {
  it.each([
    ['draft', ['Émettre', 'Annuler la facture', 'Supprimer le brouillon']],
    ['pending', ['Marquer payée', 'Annuler la facture']],
    ['paid', ['Rembourser']],
    ['cancelled', []],
    ['refunded', []],
  ] as const)('a %s invoice offers %j', async (status, expected) => {
    invoiceServer(status);
    renderApp('/invoices/i1');
    expect(await shownActions()).toEqual(expected);
    expect(invoiceActions(status)).toHaveLength(expected.length);
  });

  it('offers a customer no action, only the download of an existing PDF', async () => {
    serverFor('customer', (request) =>
      request.path === '/api/invoices/i1'
        ? jsonResponse(200, testInvoice({ status: 'pending', pdf: { id: 'p1', size: 2048, uploaded_at: '2026-03-02T10:00:00Z', source: 'uploaded' } }))
        : undefined,
    );
    renderApp('/invoices/i1');
    expect(await shownActions()).toEqual([]);
    expect(screen.getByRole('button', { name: /télécharger le pdf/i })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /envoyer un pdf/i })).not.toBeInTheDocument();
  });

  it('issues a draft only once confirmed, at the version shown', async () => {
    const seen = invoiceServer('draft', (request) =>
      request.method === 'POST' && request.path === '/api/invoices/i1/issue'
        ? testInvoice({ status: 'pending', invoice_number: 'INV-2026-000007', version: 3 })
        : undefined,
    );
    renderApp('/invoices/i1');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: 'Émettre' }));
    expect(seen.some((r) => r.method === 'POST' && r.path.startsWith('/api/invoices'))).toBe(false);
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Émettre' }));

    expect(await screen.findByText('Facture émise.')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: /INV-2026-000007/ })).toBeInTheDocument();
    const post = seen.find((r) => r.method === 'POST' && r.path === '/api/invoices/i1/issue');
    expect(post?.headers.get('If-Match')).toBe('"2"');
  });

  it('refuses a refund above the total before sending it', async () => {
    const seen = invoiceServer('paid');
    renderApp('/invoices/i1');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: 'Rembourser' }));
    const dialog = await screen.findByRole('dialog');
    await user.fill(within(dialog).getByLabelText('Montant remboursé'), '120.001');
    await user.fill(within(dialog).getByLabelText('Motif du remboursement'), 'erreur');
    await user.click(within(dialog).getByRole('button', { name: 'Rembourser' }));

    expect(await within(dialog).findByText('Au plus le total de la facture.')).toBeInTheDocument();
    expect(seen.some((r) => r.method === 'POST' && r.path.startsWith('/api/invoices'))).toBe(false);
  });
});
