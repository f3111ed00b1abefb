import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import type { Notification } from '../../api/types';
import { jsonResponse } from '../../test/fetchMock';
import { serverFor } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

const PAID: Notification = {
  id: 'n1',
  customer_id: 'c-1',
  title: 'Facture payée',
  message: 'Merci pour votre paiement.',
  notification_type: 'invoice',
  is_read: false,
  created_at: '2026-03-02T10:00:00Z',
  related: { kind: 'invoice', id: 'i1' },
};

beforeEach(() => setAccessToken(null));

describe('notifications', () => {
  it('lets a customer mark one notification read, then all of them', async () => {
    const seen = serverFor('customer', (request) => {
      if (request.path.startsWith('/api/notifications?')) return jsonResponse(200, { results: [PAID], next_cursor: null });
      if (request.path === '/api/notifications/n1/mark_read') return jsonResponse(200, { ...PAID, is_read: true });
      if (request.path === '/api/notifications/mark_all_read') return jsonResponse(200, { count: 2 });
      return undefined;
    });
    renderApp('/notifications');
    const user = setupUser();

    expect(await screen.findByText('Merci pour votre paiement.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Détails' })).toHaveAttribute('href', '/invoices/i1');
    await user.click(screen.getByRole('button', { name: 'Marquer comme lue' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'PATCH' && r.path === '/api/notifications/n1/mark_read')).toBe(true));

    await user.click(screen.getByRole('button', { name: /tout marquer comme lu/i }));
    expect(await screen.findByText('2 notification(s) marquée(s) comme lue(s).')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /envoyer un message/i })).not.toBeInTheDocument();
  });

  it("links a notification about a request to the request", async () => {
    const answered: Notification = {
      ...PAID,
      id: 'n2',
      title: 'Réponse du garage',
      message: 'Passez quand vous voulez le matin.',
      notification_type: 'appointment',
      related: { kind: 'request', id: 'r1' },
    };
    serverFor('customer', (request) =>
      request.path.startsWith('/api/notifications?') ? jsonResponse(200, { results: [answered], next_cursor: null }) : undefined,
    );
    renderApp('/notifications');

    expect(await screen.findByText('Passez quand vous voulez le matin.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Détails' })).toHaveAttribute('href', '/appointments/requests/r1');
  });

  it('lets staff send a message to every customer', async () => {
    const seen = serverFor('staff', (request) => {
      if (request.path.startsWith('/api/notifications?')) return jsonResponse(200, { results: [], next_cursor: null });
      if (request.path.startsWith('/api/customers?')) return jsonResponse(200, { results: [], next_cursor: null });
      if (request.method === 'POST' && request.path === '/api/notifications') return jsonResponse(201, {});
      return undefined;
    });
    renderApp('/notifications');
    const user = setupUser();

    await user.click(await screen.findByRole('button', { name: /envoyer un message/i }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('Tous les clients'));
    await user.fill(within(dialog).getByLabelText('Titre'), 'Fermeture');
    await user.fill(within(dialog).getByLabelText('Message'), 'Le garage est fermé lundi.');
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer' }));

    expect(await screen.findByText('Message envoyé.')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'POST' && r.path === '/api/notifications')?.body).toEqual({
      title: 'Fermeture',
      message: 'Le garage est fermé lundi.',
      channels: ['push'],
      all_customers: true,
    });
  });
});
