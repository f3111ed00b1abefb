import type { Role } from '../api/types';

/** Roles of the garage's office: they see the back-office screens. */
export const STAFF_ROLES: readonly Role[] = ['admin', 'staff'];

/** Only administrators manage accounts. */
export const ADMIN_ROLES: readonly Role[] = ['admin'];

/** Customers see their own portal. */
export const CUSTOMER_ROLES: readonly Role[] = ['customer'];

/** Technicians see the jobs assigned to them, and nothing else. */
export const TECHNICIAN_ROLES: readonly Role[] = ['technician'];

/**
 * Staff and customers: screens whose API answers each caller with what they may see.
 * Technicians are not among them: the API refuses them cars, invoices, notifications...
 */
export const STAFF_AND_CUSTOMER_ROLES: readonly Role[] = ['admin', 'staff', 'customer'];

/** The roles an admin gives on the users screen (a customer's account comes with their profile). */
export const GARAGE_ROLES: readonly Role[] = ['admin', 'staff', 'technician'];

/** Where each role lands (the compiler checks that every role has a home). */
const HOME_PATHS = {
  admin: '/dashboard',
  staff: '/dashboard',
  technician: '/my-jobs',
  customer: '/profile',
} as const satisfies Record<Role, string>;

/** Every role. */
export const ALL_ROLES = Object.keys(HOME_PATHS) as Role[];

/** The first page a user of this role lands on. */
export function homePath(role: Role): string {
  return HOME_PATHS[role];
}
