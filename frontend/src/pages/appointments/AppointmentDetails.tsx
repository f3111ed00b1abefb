import { Descriptions } from 'antd';
import { Link } from 'react-router';
import type { Appointment } from '../../api/types';
import { useIsStaff } from '../../auth/useIsStaff';
import { LtrText } from '../../components/LtrText';
import { AppointmentStatusTag } from '../../components/StatusTag';
import { useFormat } from '../../format/useFormat';
import { formatTime, formatWeekday, zonedParts } from '../../format/zoned';
import { useI18n } from '../../i18n/I18nProvider';
import { AppointmentTechnicianSelect } from './AppointmentTechnicianSelect';
import { useGarageTimeZone } from './queries';

/** "mercredi 11 mars 2026, 09:00 – 10:00", on the garage's clock. */
export function useSlotLabel(): (appointment: Pick<Appointment, 'starts_at' | 'ends_at'>) => string {
  const { locale } = useI18n();
  const timeZone = useGarageTimeZone();
  return (appointment) => {
    const day = formatWeekday(zonedParts(appointment.starts_at, timeZone).date, locale, 'long');
    return `${day}, ${formatTime(appointment.starts_at, locale, timeZone)} – ${formatTime(appointment.ends_at, locale, timeZone)}`;
  };
}

/**
 * What an appointment is: when, which car, whose, why, who will do the work (staff, who
 * assign it here) and what became of it. `onChanged` gets an appointment staff changed.
 */
export function AppointmentDetails({
  appointment,
  columns = 1,
  onChanged,
}: {
  appointment: Appointment;
  columns?: number;
  onChanged?: (changed: Appointment) => void;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const isStaff = useIsStaff();
  const slotLabel = useSlotLabel();
  const missing = t('common.notGiven');
  return (
    <Descriptions column={columns} size="small" bordered>
      <Descriptions.Item label={t('appointments.status')}>
        <AppointmentStatusTag status={appointment.status} />
      </Descriptions.Item>
      <Descriptions.Item label={t('appointments.when')}>{slotLabel(appointment)}</Descriptions.Item>
      <Descriptions.Item label={t('appointments.car')}>
        <Link to={`/cars/${appointment.car_id}`}>
          <LtrText>{appointment.car.license_plate}</LtrText> · {appointment.car.make} {appointment.car.model}
        </Link>
      </Descriptions.Item>
      {isStaff && (
        <Descriptions.Item label={t('appointments.customer')}>
          <Link to={`/customers/${appointment.customer_id}`}>{appointment.customer_name}</Link>
        </Descriptions.Item>
      )}
      {isStaff && (
        <Descriptions.Item label={t('appointments.technician')}>
          <AppointmentTechnicianSelect appointment={appointment} onChanged={onChanged} />
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('appointments.description')}>
        <span style={{ whiteSpace: 'pre-line' }}>{appointment.description || missing}</span>
      </Descriptions.Item>
      {appointment.decline_reason != null && (
        <Descriptions.Item label={t('appointments.declineReason')}>{appointment.decline_reason}</Descriptions.Item>
      )}
      {appointment.cancel_reason != null && (
        <Descriptions.Item label={t('appointments.cancelReason')}>{appointment.cancel_reason}</Descriptions.Item>
      )}
      {appointment.service_id != null && (
        <Descriptions.Item label={t('appointments.service')}>
          <Link to={`/services/${appointment.service_id}`}>{t('appointments.openService')}</Link>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('appointments.bookedBy')}>
        {t(`appointments.bookedBy.${appointment.booked_by}`)} · {format.dateTime(appointment.created_at)}
      </Descriptions.Item>
    </Descriptions>
  );
}
