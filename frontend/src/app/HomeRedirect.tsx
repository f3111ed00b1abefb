import { Navigate } from 'react-router';
import { useCurrentUser } from '../auth/AuthProvider';
import { homePath } from '../auth/roles';

/** Sends `/` to the first screen of the user's role. */
export function HomeRedirect() {
  const user = useCurrentUser();
  return <Navigate to={homePath(user.role)} replace />;
}
