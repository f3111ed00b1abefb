import { api } from './client';
import type { Page, PageParams, User, UserCreate, UserPasswordSet, UserUpdate } from './types';

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

/**
 * Gives another account a new password (admin). The server ends all of that account's
 * sessions; it refuses a password its policy rejects (400, on `new_password`), the admin's
 * own account (they use the change-password form), and (409) a `version` other than the
 * account's current one.
 */
export function setUserPassword(id: string, newPassword: string, version?: number): Promise<User> {
  const body: UserPasswordSet = { new_password: newPassword, version };
  return api.post('/api/users/{id}/set_password', { path: { id }, body });
}

/** The most pages `listAllUsers` reads (of the API's largest size, 200). */
const MAX_USER_PAGES = 5;

/** Every account, up to 1,000, oldest first (admin). */
export async function listAllUsers(signal?: AbortSignal): Promise<User[]> {
  const users: User[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_USER_PAGES; page += 1) {
    const answer: Page<User> = await listUsers({ limit: 200, cursor }, signal);
    users.push(...answer.results);
    if (!answer.next_cursor) break;
    cursor = answer.next_cursor;
  }
  return users;
}
