import type { ReactNode } from 'react';
import {
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  CalendarOutlined,
  CarOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  FileTextOutlined,
  IdcardOutlined,
  MessageOutlined,
  ProjectOutlined,
  SwapOutlined,
  TeamOutlined,
  ToolOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Role } from '../api/types';
import { ADMIN_ROLES, CUSTOMER_ROLES, STAFF_AND_CUSTOMER_ROLES, STAFF_ROLES, TECHNICIAN_ROLES } from '../auth/roles';
import type { MessageKey } from '../i18n/messages';

/** What a menu entry may count. */
export type MenuCount = 'openRequests' | 'waitingCars';

/** One entry of the side menu. */
export interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  roles: readonly Role[];
  /** A count shown next to the label (staff's open requests, the cars waiting for approval). */
  count?: MenuCount;
}

/** The side menu, in order; each screen appears here once it exists. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/dashboard', label: 'nav.dashboard', icon: <DashboardOutlined />, roles: STAFF_ROLES },
  { path: '/profile', label: 'nav.profile', icon: <IdcardOutlined />, roles: CUSTOMER_ROLES },
  { path: '/appointments', label: 'nav.appointments', icon: <CalendarOutlined />, roles: STAFF_ROLES },
  { path: '/appointments/requests', label: 'nav.requests', icon: <MessageOutlined />, roles: STAFF_ROLES, count: 'openRequests' },
  { path: '/appointments/today', label: 'nav.appointmentsToday', icon: <ProjectOutlined />, roles: STAFF_ROLES },
  { path: '/my-appointments', label: 'nav.myAppointments', icon: <CalendarOutlined />, roles: CUSTOMER_ROLES },
  { path: '/my-requests', label: 'nav.myRequests', icon: <MessageOutlined />, roles: CUSTOMER_ROLES },
  { path: '/customers', label: 'nav.customers', icon: <TeamOutlined />, roles: STAFF_ROLES },
  { path: '/cars', label: 'nav.cars', icon: <CarOutlined />, roles: STAFF_AND_CUSTOMER_ROLES },
  { path: '/cars/pending', label: 'nav.pendingCars', icon: <CheckCircleOutlined />, roles: STAFF_ROLES, count: 'waitingCars' },
  { path: '/services', label: 'nav.services', icon: <ToolOutlined />, roles: STAFF_AND_CUSTOMER_ROLES },
  { path: '/workload', label: 'nav.workload', icon: <BarChartOutlined />, roles: STAFF_ROLES },
  { path: '/hours', label: 'nav.hours', icon: <FieldTimeOutlined />, roles: STAFF_ROLES },
  { path: '/my-jobs', label: 'nav.myJobs', icon: <ToolOutlined />, roles: TECHNICIAN_ROLES },
  { path: '/invoices', label: 'nav.invoices', icon: <FileTextOutlined />, roles: STAFF_AND_CUSTOMER_ROLES },
  { path: '/notifications', label: 'nav.notifications', icon: <BellOutlined />, roles: STAFF_AND_CUSTOMER_ROLES },
  { path: '/import-export', label: 'nav.importExport', icon: <SwapOutlined />, roles: ADMIN_ROLES },
  { path: '/appointments/schedule', label: 'nav.appointmentSchedule', icon: <ClockCircleOutlined />, roles: ADMIN_ROLES },
  { path: '/users', label: 'nav.users', icon: <UserOutlined />, roles: ADMIN_ROLES },
  { path: '/audit', label: 'nav.audit', icon: <AuditOutlined />, roles: ADMIN_ROLES },
];

/** The menu entries a user of `role` may open. */
export function navItemsFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}

/** The menu entry that the current path belongs to, if any: the most specific one. */
export function selectedNavPath(pathname: string, items: readonly NavItem[]): string | undefined {
  return items
    .filter((item) => pathname === item.path || pathname.startsWith(`${item.path}/`))
    .reduce<string | undefined>((best, item) => (best === undefined || item.path.length > best.length ? item.path : best), undefined);
}
