import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, List, Typography } from 'antd';
import { Link } from 'react-router';
import type { Appointment } from '../../api/types';
import { LtrText } from '../../components/LtrText';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { AppointmentStatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n/I18nProvider';
import { AppointmentActions } from './AppointmentActions';
import { useSlotLabel } from './AppointmentDetails';
import { BookAppointmentModal } from './BookAppointmentModal';
import { AskGarageButton } from './MyRequestsPage';
import { useAppointments, useSchedule } from './queries';

/** Upcoming appointments in start order, then the past ones, latest first. */
export function upcomingFirst(appointments: readonly Appointment[], now: number = Date.now()): Appointment[] {
  const start = (appointment: Appointment) => Date.parse(appointment.starts_at);
  const upcoming = appointments.filter((appointment) => Date.parse(appointment.ends_at) > now);
  const past = appointments.filter((appointment) => Date.parse(appointment.ends_at) <= now);
  return [...upcoming.sort((a, b) => start(a) - start(b)), ...past.sort((a, b) => start(b) - start(a))];
}

/** A customer's own appointments: book one, move or cancel those still ahead. */
export function MyAppointmentsPage() {
  const { t } = useI18n();
  const schedule = useSchedule();
  const list = useAppointments({});
  const [booking, setBooking] = useState(false);
  const appointments = upcomingFirst(list.data?.results ?? []);
  const cutoff = schedule.data?.cutoff_hours;

  return (
    <>
      <PageHeader
        title={t('appointments.myTitle')}
        extra={
          <>
            <AskGarageButton />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setBooking(true)}>
              {t('appointments.bookRequest')}
            </Button>
          </>
        }
      />
      {cutoff !== undefined && cutoff > 0 && (
        <Typography.Paragraph type="secondary">{t('appointments.cutoffHelp', { hours: cutoff })}</Typography.Paragraph>
      )}
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      <Card>
        <List<Appointment>
          loading={list.isFetching}
          dataSource={appointments}
          locale={{ emptyText: <Empty description={t('appointments.myEmpty')} /> }}
          renderItem={(appointment) => <MyAppointmentRow appointment={appointment} />}
        />
      </Card>
      {booking && <BookAppointmentModal asCustomer onClose={() => setBooking(false)} />}
    </>
  );
}

function MyAppointmentRow({ appointment }: { appointment: Appointment }) {
  const { t } = useI18n();
  const slotLabel = useSlotLabel();
  const reason = appointment.decline_reason ?? appointment.cancel_reason;
  return (
    <List.Item
      actions={[
        <Flex key="actions" gap={8} wrap>
          <AppointmentActions appointment={appointment} />
        </Flex>,
      ]}
    >
      <List.Item.Meta
        title={
          <Flex gap={8} align="center" wrap>
            <Link to={`/appointments/${appointment.id}`}>{slotLabel(appointment)}</Link>
            <AppointmentStatusTag status={appointment.status} />
          </Flex>
        }
        description={
          <>
            <div>
              <LtrText>{appointment.car.license_plate}</LtrText> · {appointment.car.make} {appointment.car.model}
            </div>
            {appointment.description && (
              <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-line' }}>{appointment.description}</Typography.Paragraph>
            )}
            {appointment.status === 'requested' && (
              <Typography.Text type="secondary">{t('appointments.waitingForGarage')}</Typography.Text>
            )}
            {reason != null && <Typography.Text type="secondary">{t('appointments.reasonGiven', { reason })}</Typography.Text>}
          </>
        }
      />
    </List.Item>
  );
}
