import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import type { Role } from '../api/types';
import { RequireAuth, RequireRole } from '../auth/guards';
import { IdleLogout } from '../auth/idle/IdleLogout';
import { ADMIN_ROLES, CUSTOMER_ROLES, STAFF_AND_CUSTOMER_ROLES, STAFF_ROLES, TECHNICIAN_ROLES } from '../auth/roles';
import { AppLayout } from '../layout/AppLayout';
import { AppointmentDetailPage } from '../pages/appointments/AppointmentDetailPage';
import { AppointmentsCalendarPage } from '../pages/appointments/AppointmentsCalendarPage';
import { MyAppointmentsPage } from '../pages/appointments/MyAppointmentsPage';
import { MyRequestsPage } from '../pages/appointments/MyRequestsPage';
import { RequestDetailPage } from '../pages/appointments/RequestDetailPage';
import { RequestsPage } from '../pages/appointments/RequestsPage';
import { SchedulePage } from '../pages/appointments/SchedulePage';
import { TodayBoardPage } from '../pages/appointments/TodayBoardPage';
import { AuditLogPage } from '../pages/audit/AuditLogPage';
import { CarDetailPage } from '../pages/cars/CarDetailPage';
import { CarsPage } from '../pages/cars/CarsPage';
import { PendingCarsPage } from '../pages/cars/PendingCarsPage';
import { CustomerDetailPage } from '../pages/customers/CustomerDetailPage';
import { CustomersPage } from '../pages/customers/CustomersPage';
import { DashboardPage } from '../pages/dashboard/DashboardPage';
import { ImportExportPage } from '../pages/importExport/ImportExportPage';
import { InvoiceDetailPage } from '../pages/invoices/InvoiceDetailPage';
import { InvoicesPage } from '../pages/invoices/InvoicesPage';
import { LoginPage } from '../pages/login/LoginPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { NotificationsPage } from '../pages/notifications/NotificationsPage';
import { ProfilePage } from '../pages/profile/ProfilePage';
import { ServiceDetailPage } from '../pages/services/ServiceDetailPage';
import { ServicesPage } from '../pages/services/ServicesPage';
import { UsersPage } from '../pages/users/UsersPage';
import { HoursPage } from '../pages/workshop/HoursPage';
import { MyJobsPage } from '../pages/workshop/MyJobsPage';
import { WorkloadPage } from '../pages/workshop/WorkloadPage';
import { HomeRedirect } from './HomeRedirect';

/** The screens behind the login, each with the roles that may open it. */
const SCREENS: readonly { path: string; roles: readonly Role[]; element: ReactNode }[] = [
  { path: 'dashboard', roles: STAFF_ROLES, element: <DashboardPage /> },
  { path: 'customers', roles: STAFF_ROLES, element: <CustomersPage /> },
  { path: 'customers/:id', roles: STAFF_ROLES, element: <CustomerDetailPage /> },
  // Customers open these too: the API answers each caller with their own objects only
  // (technicians, whom it refuses them, work from /my-jobs).
  { path: 'cars', roles: STAFF_AND_CUSTOMER_ROLES, element: <CarsPage /> },
  // The cars customers added, for staff to approve (customers see theirs on /cars).
  { path: 'cars/pending', roles: STAFF_ROLES, element: <PendingCarsPage /> },
  { path: 'cars/:id', roles: STAFF_AND_CUSTOMER_ROLES, element: <CarDetailPage /> },
  { path: 'services', roles: STAFF_AND_CUSTOMER_ROLES, element: <ServicesPage /> },
  { path: 'services/:id', roles: STAFF_AND_CUSTOMER_ROLES, element: <ServiceDetailPage /> },
  { path: 'workload', roles: STAFF_ROLES, element: <WorkloadPage /> },
  { path: 'hours', roles: STAFF_ROLES, element: <HoursPage /> },
  // A technician's whole app: their jobs of the day, from which they work on each.
  { path: 'my-jobs', roles: TECHNICIAN_ROLES, element: <MyJobsPage /> },
  { path: 'invoices', roles: STAFF_AND_CUSTOMER_ROLES, element: <InvoicesPage /> },
  { path: 'invoices/:id', roles: STAFF_AND_CUSTOMER_ROLES, element: <InvoiceDetailPage /> },
  { path: 'appointments', roles: STAFF_ROLES, element: <AppointmentsCalendarPage /> },
  { path: 'appointments/today', roles: STAFF_ROLES, element: <TodayBoardPage /> },
  { path: 'appointments/schedule', roles: ADMIN_ROLES, element: <SchedulePage /> },
  { path: 'appointments/requests', roles: STAFF_ROLES, element: <RequestsPage /> },
  // Staff and the request's customer: notifications link here.
  { path: 'appointments/requests/:id', roles: STAFF_AND_CUSTOMER_ROLES, element: <RequestDetailPage /> },
  // Staff and the appointment's owner: notifications and the boards link here.
  { path: 'appointments/:id', roles: STAFF_AND_CUSTOMER_ROLES, element: <AppointmentDetailPage /> },
  { path: 'my-appointments', roles: CUSTOMER_ROLES, element: <MyAppointmentsPage /> },
  { path: 'my-requests', roles: CUSTOMER_ROLES, element: <MyRequestsPage /> },
  { path: 'notifications', roles: STAFF_AND_CUSTOMER_ROLES, element: <NotificationsPage /> },
  { path: 'import-export', roles: ADMIN_ROLES, element: <ImportExportPage /> },
  { path: 'users', roles: ADMIN_ROLES, element: <UsersPage /> },
  { path: 'audit', roles: ADMIN_ROLES, element: <AuditLogPage /> },
  { path: 'profile', roles: CUSTOMER_ROLES, element: <ProfilePage /> },
];

/** Every screen, each behind the roles allowed to open it. */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <IdleLogout />
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<HomeRedirect />} />
        {SCREENS.map(({ path, roles, element }) => (
          <Route key={path} path={path} element={<RequireRole roles={roles}>{element}</RequireRole>} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
