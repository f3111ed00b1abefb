import { useMemo } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, Empty, Flex, Row, Typography, theme } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import { fetchService } from '../../api/services';
import { useKeepSessionAwake } from '../../auth/idle/useKeepSessionAwake';
import type { Appointment, Service } from '../../api/types';
import { LtrText } from '../../components/LtrText';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { AppointmentStatusTag, ServiceStatusTag } from '../../components/StatusTag';
import { formatTime, formatWeekday, todayIn } from '../../format/zoned';
import { useI18n } from '../../i18n/I18nProvider';
import { serviceKey } from '../services/queries';
import { BOARD_REFRESH_MS, useAppointments, useGarageTimeZone } from './queries';
import { TODAY_COLUMNS, todayColumns, type TodayColumn } from './todayBoard';

/**
 * The day in the workshop, for a screen left open (staff): today's cars booked, checked in,
 * being worked on and done, from the appointments and the services their check-ins opened.
 * It asks the server again every 30 seconds.
 */
export function TodayBoardPage() {
  // Left open on a workshop screen, the board is exempt from the idle logout. The server
  // keeps its session too: the board asks for data every 30 seconds, renewing the
  // access token whenever it expires, and the server counts those renewals.
  useKeepSessionAwake();
  const { t, locale } = useI18n();
  const timeZone = useGarageTimeZone();
  const today = todayIn(timeZone);
  const list = useAppointments({ from: today, to: today }, { refetchInterval: BOARD_REFRESH_MS });
  const appointments = useMemo(() => list.data?.results ?? [], [list.data]);
  const serviceIds = [
    ...new Set(appointments.flatMap((appointment) => (appointment.status === 'checked_in' && appointment.service_id ? [appointment.service_id] : []))),
  ];
  const services = useQueries({
    queries: serviceIds.map((id) => ({
      queryKey: serviceKey(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchService(id, signal),
      refetchInterval: BOARD_REFRESH_MS,
    })),
  });
  const serviceById = new Map<string, Service>();
  for (const query of services) if (query.data !== undefined) serviceById.set(query.data.id, query.data);
  const columns = todayColumns(appointments, serviceById);
  const updatedAt = list.dataUpdatedAt;
  const refreshing = list.isFetching || services.some((query) => query.isFetching);

  return (
    <>
      <PageHeader
        title={t('today.title', { day: formatWeekday(today, locale, 'long') })}
        extra={
          <Flex align="center" gap={8}>
            {updatedAt > 0 && (
              <Typography.Text type="secondary">
                {t('today.updatedAt', { time: formatTime(updatedAt, locale, timeZone) })}
              </Typography.Text>
            )}
            <Button
              icon={<ReloadOutlined />}
              loading={refreshing}
              onClick={() => {
                void list.refetch();
                for (const query of services) void query.refetch();
              }}
            >
              {t('today.refresh')}
            </Button>
          </Flex>
        }
      />
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      <Row gutter={[12, 12]}>
        {TODAY_COLUMNS.map((column) => (
          <Col key={column} xs={24} sm={12} xl={6}>
            <BoardColumn column={column} appointments={columns[column]} services={serviceById} timeZone={timeZone} />
          </Col>
        ))}
      </Row>
    </>
  );
}

function BoardColumn({
  column,
  appointments,
  services,
  timeZone,
}: {
  column: TodayColumn;
  appointments: readonly Appointment[];
  services: ReadonlyMap<string, Service>;
  timeZone: string;
}) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const title = t(`today.column.${column}`);
  return (
    <Card
      size="small"
      role="region"
      aria-label={title}
      title={
        <Flex justify="space-between" align="center">
          <span>{title}</span>
          <Badge count={appointments.length} showZero color={token.colorTextTertiary} />
        </Flex>
      }
    >
      <Flex vertical gap={8}>
        {appointments.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('today.empty')} />}
        {appointments.map((appointment) => (
          <BoardCard
            key={appointment.id}
            appointment={appointment}
            service={appointment.service_id == null ? undefined : services.get(appointment.service_id)}
            timeZone={timeZone}
          />
        ))}
      </Flex>
    </Card>
  );
}

/** A car of the day: its slot, plate, car and owner; it opens its service once checked in. */
function BoardCard({ appointment, service, timeZone }: { appointment: Appointment; service?: Service; timeZone: string }) {
  const { t, locale } = useI18n();
  const link = appointment.service_id == null ? `/appointments/${appointment.id}` : `/services/${appointment.service_id}`;
  return (
    <Card size="small">
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {formatTime(appointment.starts_at, locale, timeZone)}
        </Typography.Text>
        {service === undefined ? <AppointmentStatusTag status={appointment.status} /> : <ServiceStatusTag status={service.status} />}
      </Flex>
      <Link to={link} aria-label={t('today.open', { plate: appointment.car.license_plate })}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          <LtrText>{appointment.car.license_plate}</LtrText>
        </Typography.Text>
      </Link>
      <div>
        {appointment.car.make} {appointment.car.model}
      </div>
      <Typography.Text type="secondary">{appointment.customer_name}</Typography.Text>
      {service !== undefined && <div>{service.title}</div>}
    </Card>
  );
}
