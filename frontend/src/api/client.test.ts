import { beforeEach, describe, expect, it } from 'vitest';
import { jsonResponse, mockFetch } from '../test/fetchMock';
import { api } from './client';
import { fillPath } from './paths';
import { setAccessToken } from './session';

beforeEach(() => setAccessToken('tok'));

describe('the typed client', () => {
  it('fills path parameters, encoded, and leaves out empty query values', async () => {
    const seen = mockFetch(() => jsonResponse(200, { results: [], next_cursor: null }));

    await api.get('/api/customers/{id}/cars', { path: { id: 'a/b c' }, query: { limit: 5, cursor: undefined } });

    expect(seen[0]?.path).toBe('/api/customers/a%2Fb%20c/cars?limit=5');
    expect(seen[0]?.method).toBe('GET');
    expect(seen[0]?.headers.get('Authorization')).toBe('Bearer tok');
  });

  it('sends JSON bodies with their method and headers, and reads the answer', async () => {
    const seen = mockFetch(() => jsonResponse(200, { id: 'u2', role: 'admin' }));

    const user = await api.patch('/api/users/{id}', {
      path: { id: 'u2' },
      body: { role: 'admin' },
      headers: { 'If-Match': '"4"' },
    });

    expect(user).toMatchObject({ id: 'u2', role: 'admin' });
    expect(seen[0]).toMatchObject({ method: 'PATCH', path: '/api/users/u2', body: { role: 'admin' } });
    expect(seen[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(seen[0]?.headers.get('If-Match')).toBe('"4"');
  });

  it('answers undefined for a 204', async () => {
    mockFetch(() => new Response(null, { status: 204 }));
    await expect(api.delete('/api/users/{id}', { path: { id: 'u2' } })).resolves.toBeUndefined();
  });
});

describe('fillPath', () => {
  it('refuses a path with a parameter left unfilled', () => {
    expect(() => fillPath('/api/cars/{id}', {})).toThrow('missing path parameter id');
    expect(fillPath('/api/services/{id}/items/{item_id}', { id: 's1', item_id: 'i2' })).toBe(
      '/api/services/s1/items/i2',
    );
  });
});
