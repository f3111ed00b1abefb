import { useState } from 'react';
import { ClockCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Service, TimeEntry } from '../../api/types';
import { QueryError } from '../../components/QueryError';
import { useFormat } from '../../format/useFormat';
import { formatTime } from '../../format/zoned';
import { useI18n } from '../../i18n/I18nProvider';
import { useGarageTimeZone } from '../appointments/queries';
import { hoursOfSeconds, useHoursLabel } from '../workshop/hours';
import { useTechnicians } from '../workshop/queries';
import { BillTimeModal } from './BillTimeModal';
import { useJobTime } from './queries';

/**
 * The time the technicians recorded on a job (staff): each stretch of work, whether it is
 * billed, the totals, who is on the clock on it now, and the billing of the time not yet
 * billed. `billable` is false once the items can no longer change.
 */
export function JobTimeCard({ service, billable }: { service: Service; billable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const format = useFormat();
  const time = useJobTime(service.id);
  const [billing, setBilling] = useState(false);
  const entries = time.data?.results ?? [];
  // Whether any entry is unbilled, not the rounded hours: a few seconds round to 0.00 h,
  // and the server says so better than a disabled button.
  const unbilled = entries.some((entry) => entry.billed_item_id == null);
  const hours = (value: string) => format.number(Number(value), 2);

  return (
    <Card
      title={t('time.title')}
      extra={
        <Button icon={<ClockCircleOutlined />} disabled={!billable || !unbilled} onClick={() => setBilling(true)}>
          {t('time.bill')}
        </Button>
      }
    >
      <RunningClocks service={service} />
      {time.isError && <QueryError error={time.error} onRetry={() => void time.refetch()} />}
      <TimeEntries entries={entries} loading={time.isFetching} />
      {time.data !== undefined && (
        <Typography.Paragraph strong style={{ marginTop: 12, marginBottom: 0 }}>
          {t('time.totals', { total: hours(time.data.total_hours), unbilled: hours(time.data.unbilled_hours) })}
        </Typography.Paragraph>
      )}
      {billing && time.data !== undefined && (
        <BillTimeModal
          service={service}
          unbilledHours={time.data.unbilled_hours}
          onClose={() => setBilling(false)}
          onDone={(text) => void message.success(text)}
        />
      )}
    </Card>
  );
}

/** Who is on the clock on this job now (their time joins the entries once they clock off). */
function RunningClocks({ service }: { service: Service }) {
  const technicians = useTechnicians();
  const running = (technicians.data ?? []).flatMap(({ clock }) => (clock?.service_id === service.id ? [clock] : []));
  return (
    <>
      {running.map((clock) => (
        <RunningClock key={clock.id} clock={clock} />
      ))}
    </>
  );
}

function RunningClock({ clock }: { clock: TimeEntry }) {
  const { t, locale } = useI18n();
  const timeZone = useGarageTimeZone();
  const time = formatTime(clock.started_at, locale, timeZone);
  return <Alert type="info" showIcon message={t('time.running', { name: clock.technician_name, time })} style={{ marginBottom: 12 }} />;
}

/** The closed entries, oldest first. */
function TimeEntries({ entries, loading }: { entries: readonly TimeEntry[]; loading: boolean }) {
  const { t } = useI18n();
  const format = useFormat();
  const hoursLabel = useHoursLabel();
  const columns: ColumnsType<TimeEntry> = [
    { key: 'technician', title: t('services.technician'), dataIndex: 'technician_name' },
    { key: 'start', title: t('time.start'), render: (_, entry) => format.dateTime(entry.started_at) },
    {
      key: 'end',
      title: t('time.end'),
      render: (_, entry) => (entry.ended_at == null ? t('common.notGiven') : format.dateTime(entry.ended_at)),
    },
    {
      key: 'hours',
      title: t('time.hours'),
      align: 'end',
      render: (_, entry) => hoursLabel(hoursOfSeconds(entry.seconds ?? 0)),
    },
    {
      key: 'billing',
      title: t('time.billing'),
      render: (_, entry) =>
        entry.billed_item_id == null ? <Tag>{t('time.unbilled')}</Tag> : <Tag color="success">{t('time.billed')}</Tag>,
    },
  ];
  return (
    <Table<TimeEntry>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={[...entries]}
      loading={loading}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('time.empty') }}
    />
  );
}
