import type { Role, User } from '../api/types';

/** A user of the given role, for tests. */
export function testUser(role: Role, overrides: Partial<User> = {}): User {
  return {
    id: `${role}-1`,
    username: role,
    email: `${role}@garage.example`,
    first_name: role === 'customer' ? 'Camille' : 'Sami',
    last_name: role === 'customer' ? 'Client' : 'Staff',
    role,
    is_active: true,
    customer_id: role === 'customer' ? 'c-1' : null,
    version: 1,
    created_at: '2026-01-01T09:00:00Z',
    updated_at: '2026-01-01T09:00:00Z',
    ...overrides,
  };
}
