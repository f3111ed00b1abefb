import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Role } from '../api/types';
import { FullPageSpinner } from '../layout/FullPageSpinner';
import { useAuth } from './AuthProvider';

/** Where the login page sends the user back to, carried in the navigation state. */
export interface LoginRedirectState {
  from?: string;
}

/** Renders its children for a logged-in user; otherwise goes to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'restoring') return <FullPageSpinner />;
  if (state.status === 'anonymous') {
    const redirect: LoginRedirectState = { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={redirect} />;
  }
  return <>{children}</>;
}

/** Renders its children only for the given roles; anyone else goes to their home page. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { state } = useAuth();
  if (state.status !== 'authenticated' || !roles.includes(state.user.role)) {
    return <Navigate to="/" replace />;
  }
  return <>{children}</>;
}
