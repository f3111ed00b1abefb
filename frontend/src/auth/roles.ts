import type { Role } from '../api/types';

/** Roles of the garage's people: they see the back-office screens. */
export const STAFF_ROLES: readonly Role[] = ['admin', 'staff'];

/** Only administrators manage accounts. */
export const ADMIN_ROLES: readonly Role[] = ['admin'];

/** Customers see their own portal. */
export const CUSTOMER_ROLES: readonly Role[] = ['customer'];

/** Every role: screens whose API answers each caller with what they may see. */
export const ALL_ROLES: readonly Role[] = ['admin', 'staff', 'customer'];

/** The first page a user of this role lands on. */
export function homePath(role: Role): string {
  return role === 'customer' ? '/profile' : '/dashboard';
}
