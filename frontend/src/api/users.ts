import { api } from './client';
import type { Page, PageParams, User, UserCreate, UserUpdate } from './types';

/** One page of user accounts (admin). */
export function listUsers(params: PageParams, signal?: AbortSignal): Promise<Page<User>> {
  return api.get('/api/users', {
    query: { limit: params.limit, cursor: params.cursor ?? undefined },
    signal,
  });
}

/** Creates an account. */
export function createUser(body: UserCreate): Promise<User> {
  return api.post('/api/users', { body });
}

/** Changes an account's role, state or names. */
export function updateUser(id: string, body: UserUpdate): Promise<User> {
  return api.patch('/api/users/{id}', { path: { id }, body });
}
