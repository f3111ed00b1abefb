import { Tag } from 'antd';
import type { AppointmentStatus, InvoiceStatus, PendingCarStatus, RequestStatus, ServiceStatus } from '../api/types';
import { useI18n } from '../i18n/I18nProvider';

const SERVICE_COLORS: Record<ServiceStatus, string> = {
  scheduled: 'blue',
  in_progress: 'orange',
  completed: 'green',
  cancelled: 'default',
};

const INVOICE_COLORS: Record<InvoiceStatus, string> = {
  draft: 'default',
  pending: 'gold',
  paid: 'green',
  cancelled: 'default',
  refunded: 'purple',
};

const APPOINTMENT_COLORS: Record<AppointmentStatus, string> = {
  requested: 'gold',
  confirmed: 'blue',
  checked_in: 'green',
  declined: 'red',
  cancelled: 'default',
  no_show: 'volcano',
};

const REQUEST_COLORS: Record<RequestStatus, string> = {
  open: 'gold',
  booked: 'blue',
  serviced: 'green',
  closed: 'default',
  withdrawn: 'default',
};

const PENDING_CAR_COLORS: Record<PendingCarStatus, string> = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
};

/** A service's status, in words and colour. */
export function ServiceStatusTag({ status }: { status: ServiceStatus }) {
  const { t } = useI18n();
  return <Tag color={SERVICE_COLORS[status]}>{t(`status.service.${status}`)}</Tag>;
}

/** An invoice's status, in words and colour. */
export function InvoiceStatusTag({ status }: { status: InvoiceStatus }) {
  const { t } = useI18n();
  return <Tag color={INVOICE_COLORS[status]}>{t(`status.invoice.${status}`)}</Tag>;
}

/** An appointment's status, in words and colour. */
export function AppointmentStatusTag({ status }: { status: AppointmentStatus }) {
  const { t } = useI18n();
  return <Tag color={APPOINTMENT_COLORS[status]}>{t(`status.appointment.${status}`)}</Tag>;
}

/** A customer request's status, in words and colour. */
export function RequestStatusTag({ status }: { status: RequestStatus }) {
  const { t } = useI18n();
  return <Tag color={REQUEST_COLORS[status]}>{t(`status.request.${status}`)}</Tag>;
}

/** Where a car a customer added is (waiting, approved, turned down), in words and colour. */
export function PendingCarStatusTag({ status }: { status: PendingCarStatus }) {
  const { t } = useI18n();
  return <Tag color={PENDING_CAR_COLORS[status]}>{t(`status.pendingCar.${status}`)}</Tag>;
}
