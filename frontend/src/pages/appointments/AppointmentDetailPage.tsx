import { Card, Flex, Skeleton } from 'antd';
import { useParams } from 'react-router';
import { useIsStaff } from '../../auth/useIsStaff';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { zonedParts } from '../../format/zoned';
import { useI18n } from '../../i18n/I18nProvider';
import { AppointmentActions } from './AppointmentActions';
import { AppointmentDetails } from './AppointmentDetails';
import { useAppointment, useGarageTimeZone } from './queries';

/** One appointment, with what the user may do to it (staff, or its owner). */
export function AppointmentDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const isStaff = useIsStaff();
  const timeZone = useGarageTimeZone();
  const query = useAppointment(id);
  const appointment = query.data;

  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (appointment === undefined) return <Skeleton active />;
  const back = isStaff ? `/appointments?date=${zonedParts(appointment.starts_at, timeZone).date}` : '/my-appointments';
  return (
    <>
      <PageHeader title={t('appointments.detailTitle')} back={back} />
      <Card>
        <Flex vertical gap={16}>
          <AppointmentDetails appointment={appointment} columns={1} />
          <Flex gap={8} wrap>
            <AppointmentActions appointment={appointment} />
          </Flex>
        </Flex>
      </Card>
    </>
  );
}
