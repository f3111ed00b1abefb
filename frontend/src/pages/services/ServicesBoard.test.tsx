import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '../../api/session';
import { jsonResponse } from '../../test/fetchMock';
import { serverFor, testService } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { setupUser } from '../../test/user';

beforeEach(() => setAccessToken(null));

describe('services board', () => {
  it('shows one column per status with the services of the period', async () => {
    const seen = serverFor('staff', (request) =>
      request.path.startsWith('/api/services?')
        ? jsonResponse(200, {
            results: [
              testService({ id: 's1', title: 'Vidange', status: 'scheduled' }),
              testService({ id: 's2', title: 'Freins', status: 'in_progress' }),
              testService({ id: 's3', title: 'Pneus', status: 'scheduled' }),
            ],
            next_cursor: null,
          })
        : undefined,
    );
    renderApp('/services');
    const user = setupUser();
    expect(await screen.findByText('Vidange')).toBeInTheDocument();

    await user.click(screen.getByText('Tableau'));

    const scheduled = await screen.findByRole('region', { name: 'Planifiée' });
    expect(within(scheduled).getByText('Vidange')).toBeInTheDocument();
    expect(within(scheduled).getByText('Pneus')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'En cours' })).getByText('Freins')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Terminée' })).getByText('Aucune intervention')).toBeInTheDocument();
    const boardRequest = seen.filter((r) => r.path.startsWith('/api/services?')).at(-1);
    expect(boardRequest?.path).toContain('limit=200');
    expect(boardRequest?.path).not.toContain('status=');
  });
});
