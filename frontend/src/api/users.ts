import { apiRequest } from './client';
import type { Page, PageParams, User, UserCreate, UserUpdate } from './types';

/** One page of user accounts (admin). */
export function listUsers(params: PageParams, signal?: AbortSignal): Promise<Page<User>> {
  return apiRequest<Page<User>>('/users/', {
    query: { limit: params.limit, cursor: params.cursor },
    signal,
  });
}

/** Creates an account. */
export function createUser(body: UserCreate): Promise<User> {
  return apiRequest<User>('/users/', { method: 'POST', body });
}

/** Changes an account's role, state or names. */
export function updateUser(id: string, body: UserUpdate): Promise<User> {
  return apiRequest<User>(`/users/${encodeURIComponent(id)}/`, { method: 'PATCH', body });
}
