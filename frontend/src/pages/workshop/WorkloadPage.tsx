import { useState } from 'react';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Flex, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { CalendarDate, TimeEntry } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useFormat } from '../../format/useFormat';
import { addDays, formatWeekday, todayIn, weekStart } from '../../format/zoned';
import { useI18n } from '../../i18n/I18nProvider';
import { useGarageTimeZone } from '../appointments/queries';
import { useTechniciansOnFloor, useWorkload } from './queries';
import { TechnicianClock } from './TechnicianClock';
import { UnassignedCell, WorkloadCell } from './WorkloadCell';
import { FULL_DAY_HOURS, weekDays, workloadRows, type WorkloadRow } from './workload';

/**
 * The workshop's load over a week (staff): per technician and day, the jobs, those still
 * to do and the labour hours booked, then how many jobs nobody has; a day booked beyond a
 * working day stands out. Each technician's row says where they are clocked on now.
 */
export function WorkloadPage() {
  const { t, locale } = useI18n();
  const format = useFormat();
  const timeZone = useGarageTimeZone();
  const today = todayIn(timeZone);
  const thisWeek = weekStart(today);
  // No week picked: this week (it moves on by itself on a screen left open).
  const [picked, setPicked] = useState<CalendarDate | null>(null);
  const monday = picked ?? thisWeek;
  const days = weekDays(monday);
  const sunday = addDays(monday, 6);
  const workload = useWorkload(monday, sunday);
  const clocks = useClocks();
  const goTo = (week: CalendarDate) => setPicked(week === thisWeek ? null : week);

  const columns: ColumnsType<WorkloadRow> = [
    {
      key: 'technician',
      title: t('workload.technician'),
      render: (_, row) => <TechnicianTitle row={row} clock={clocks.get(row.key)} />,
    },
    ...days.map((date) => ({
      key: date,
      title: <DayTitle date={date} today={today} label={formatWeekday(date, locale)} />,
      render: (_: unknown, row: WorkloadRow) =>
        row.kind === 'unassigned' ? <UnassignedCell day={row.days.get(date)} /> : <WorkloadCell day={row.days.get(date)} />,
    })),
  ];

  return (
    <>
      <PageHeader title={t('workload.title')} extra={<WeekPager monday={monday} thisWeek={thisWeek} onChange={goTo} />} />
      <Typography.Paragraph strong>
        {t('workload.week', { from: format.date(monday), to: format.date(sunday) })}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('workload.legend', { limit: FULL_DAY_HOURS })}</Typography.Paragraph>
      {workload.isError && <QueryError error={workload.error} onRetry={() => void workload.refetch()} />}
      <Table<WorkloadRow>
        rowKey="key"
        bordered
        columns={columns}
        dataSource={workload.data === undefined ? [] : workloadRows(workload.data)}
        loading={workload.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}

/** Each technician's running clock, by their id. */
function useClocks(): ReadonlyMap<string, TimeEntry> {
  const technicians = useTechniciansOnFloor();
  return new Map((technicians.data ?? []).flatMap(({ id, clock }) => (clock == null ? [] : [[id, clock] as const])));
}

/** A row's title: the technician and where they are clocked on now, or the unassigned jobs. */
function TechnicianTitle({ row, clock }: { row: WorkloadRow; clock: TimeEntry | undefined }) {
  const { t } = useI18n();
  if (row.kind === 'unassigned') return <Typography.Text type="secondary">{t('workload.unassigned')}</Typography.Text>;
  return (
    <Flex vertical gap={4}>
      <span>{row.name}</span>
      {clock !== undefined && <TechnicianClock name={row.name} clock={clock} />}
    </Flex>
  );
}

/** A day's column title; today's in bold. */
function DayTitle({ date, today, label }: { date: CalendarDate; today: CalendarDate; label: string }) {
  return date === today ? <Typography.Text strong>{label}</Typography.Text> : <>{label}</>;
}

/** Previous week, this week, next week. */
function WeekPager({
  monday,
  thisWeek,
  onChange,
}: {
  monday: CalendarDate;
  thisWeek: CalendarDate;
  onChange: (monday: CalendarDate) => void;
}) {
  const { t, direction } = useI18n();
  // "Previous" points back along the line: to the left, to the right in Arabic.
  const [PreviousIcon, NextIcon] = direction === 'rtl' ? [RightOutlined, LeftOutlined] : [LeftOutlined, RightOutlined];
  return (
    <Flex gap={8} wrap>
      <Button icon={<PreviousIcon />} onClick={() => onChange(addDays(monday, -7))}>
        {t('workload.previousWeek')}
      </Button>
      <Button disabled={monday === thisWeek} onClick={() => onChange(thisWeek)}>
        {t('workload.thisWeek')}
      </Button>
      <Button onClick={() => onChange(addDays(monday, 7))}>
        {t('workload.nextWeek')}
        <NextIcon />
      </Button>
    </Flex>
  );
}
