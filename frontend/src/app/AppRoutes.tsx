import { Route, Routes } from 'react-router';
import { RequireAuth, RequireRole } from '../auth/guards';
import { ADMIN_ROLES, CUSTOMER_ROLES, STAFF_ROLES } from '../auth/roles';
import { AppLayout } from '../layout/AppLayout';
import { CustomersPage } from '../pages/customers/CustomersPage';
import { LoginPage } from '../pages/login/LoginPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { ProfilePage } from '../pages/profile/ProfilePage';
import { UsersPage } from '../pages/users/UsersPage';
import { HomeRedirect } from './HomeRedirect';

/** Every screen, each behind the roles allowed to open it. */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<HomeRedirect />} />
        <Route
          path="customers"
          element={
            <RequireRole roles={STAFF_ROLES}>
              <CustomersPage />
            </RequireRole>
          }
        />
        <Route
          path="users"
          element={
            <RequireRole roles={ADMIN_ROLES}>
              <UsersPage />
            </RequireRole>
          }
        />
        <Route
          path="profile"
          element={
            <RequireRole roles={CUSTOMER_ROLES}>
              <ProfilePage />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
