import { Card, Empty, Flex, List, Typography } from 'antd';
import { Link } from 'react-router';
import type { Appointment } from '../../api/types';
import { LtrText } from '../../components/LtrText';
import { AppointmentStatusTag } from '../../components/StatusTag';
import { errorMessage } from '../../feedback/errorMessage';
import { addDays, formatTime, formatWeekday, todayIn, zonedParts } from '../../format/zoned';
import { useI18n } from '../../i18n/I18nProvider';
import { useAppointments, useGarageTimeZone } from './queries';

/** How many appointments the card lists. */
const SHOWN = 8;

/** The open appointments of today and tomorrow whose slot has not ended, soonest first. */
export function upcomingAppointments(appointments: readonly Appointment[], now: number = Date.now()): Appointment[] {
  return appointments
    .filter((appointment) => (appointment.status === 'requested' || appointment.status === 'confirmed') && Date.parse(appointment.ends_at) > now)
    .sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
}

/** The dashboard's next appointments (today and tomorrow), each opening its page. */
export function UpcomingAppointmentsCard() {
  const { t, locale } = useI18n();
  const timeZone = useGarageTimeZone();
  const today = todayIn(timeZone);
  const tomorrow = addDays(today, 1);
  const list = useAppointments({ from: today, to: tomorrow });
  const upcoming = upcomingAppointments(list.data?.results ?? []);
  return (
    <Card
      title={t('dashboard.upcomingAppointments')}
      extra={<Link to="/appointments">{t('dashboard.openCalendar')}</Link>}
      style={{ height: '100%' }}
    >
      {list.isError ? (
        <Typography.Text type="danger">{errorMessage(list.error, t)}</Typography.Text>
      ) : (
        <List<Appointment>
          size="small"
          loading={list.isPending}
          dataSource={upcoming.slice(0, SHOWN)}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noUpcomingAppointments')} /> }}
          renderItem={(appointment) => {
            const date = zonedParts(appointment.starts_at, timeZone).date;
            const day =
              date === today ? t('dashboard.today') : date === tomorrow ? t('dashboard.tomorrow') : formatWeekday(date, locale);
            return (
              <List.Item extra={<AppointmentStatusTag status={appointment.status} />}>
                <Flex vertical>
                  <Link to={`/appointments/${appointment.id}`}>
                    {day} {formatTime(appointment.starts_at, locale, timeZone)} · <LtrText>{appointment.car.license_plate}</LtrText>
                  </Link>
                  <Typography.Text type="secondary">
                    {appointment.car.make} {appointment.car.model} · {appointment.customer_name}
                  </Typography.Text>
                </Flex>
              </List.Item>
            );
          }}
        />
      )}
      {upcoming.length > SHOWN && (
        <Typography.Text type="secondary">{t('dashboard.moreAppointments', { count: upcoming.length - SHOWN })}</Typography.Text>
      )}
    </Card>
  );
}
