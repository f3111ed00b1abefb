import { useCurrentUser } from './AuthProvider';
import { STAFF_ROLES } from './roles';

/** Whether the logged-in user works at the garage (admin or staff). */
export function useIsStaff(): boolean {
  return STAFF_ROLES.includes(useCurrentUser().role);
}
