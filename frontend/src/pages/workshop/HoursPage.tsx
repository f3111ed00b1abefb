import { useState } from 'react';
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { exportHoursCsv } from '../../api/technicians';
import type { CalendarDate, TechnicianHours } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { errorMessage } from '../../feedback/errorMessage';
import { useDateInputFormat } from '../../format/dateInput';
import { fromCalendarDate, toCalendarDate } from '../../format/dates';
import { addDays, formatWeekday, todayIn } from '../../format/zoned';
import { useI18n } from '../../i18n/I18nProvider';
import { useGarageTimeZone } from '../appointments/queries';
import { saveBlob } from '../importExport/download';
import { daysBetween, MAX_REPORT_DAYS, useHoursLabel } from './hours';
import { useHours } from './queries';

type Period = [from: CalendarDate, to: CalendarDate];

/**
 * The technicians' hours on the clock over a period (staff), the last seven days unless
 * another is picked: per technician, the total, the part billed and each day's hours;
 * admins export the entries as CSV.
 */
export function HoursPage() {
  const { t } = useI18n();
  const isAdmin = useCurrentUser().role === 'admin';
  const timeZone = useGarageTimeZone();
  const today = todayIn(timeZone);
  // No period picked: the last seven days, which move on by themselves on a screen left open.
  const [picked, setPicked] = useState<Period | null>(null);
  const [from, to] = picked ?? [addDays(today, -6), today];
  const hours = useHours(from, to);
  const columns = useHoursColumns(daysBetween(from, to));

  return (
    <>
      <PageHeader
        title={t('hours.title')}
        extra={
          <>
            <PeriodPicker period={[from, to]} onChange={setPicked} />
            {isAdmin && <ExportButton from={from} to={to} />}
          </>
        }
      />
      <Typography.Paragraph type="secondary">{t('hours.legend', { days: MAX_REPORT_DAYS })}</Typography.Paragraph>
      {hours.isError && <QueryError error={hours.error} onRetry={() => void hours.refetch()} />}
      <Table<TechnicianHours>
        rowKey="technician_id"
        bordered
        columns={columns}
        dataSource={hours.data?.technicians ?? []}
        loading={hours.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('hours.empty') }}
      />
    </>
  );
}

/** The technician, their total and billed hours, then one column per day. */
function useHoursColumns(days: readonly CalendarDate[]): ColumnsType<TechnicianHours> {
  const { t, locale } = useI18n();
  const hoursLabel = useHoursLabel();
  return [
    { key: 'technician', title: t('workload.technician'), dataIndex: 'name' },
    { key: 'total', title: t('hours.total'), align: 'end', render: (_, row) => <strong>{hoursLabel(row.total_hours)}</strong> },
    { key: 'billed', title: t('hours.billed'), align: 'end', render: (_, row) => hoursLabel(row.billed_hours) },
    ...days.map((date) => ({
      key: date,
      title: formatWeekday(date, locale),
      align: 'end' as const,
      render: (_: unknown, row: TechnicianHours) => {
        const day = row.days.find((candidate) => candidate.date === date);
        return day === undefined ? <Typography.Text type="secondary">{t('common.notGiven')}</Typography.Text> : hoursLabel(day.hours);
      },
    })),
  ];
}

/** The days reported, at most `MAX_REPORT_DAYS` of them. */
function PeriodPicker({ period, onChange }: { period: Period; onChange: (period: Period) => void }) {
  const { t } = useI18n();
  const dateFormat = useDateInputFormat();
  return (
    <DatePicker.RangePicker
      aria-label={t('common.dateRange')}
      format={dateFormat}
      allowClear={false}
      value={[fromCalendarDate(period[0]), fromCalendarDate(period[1])]}
      // Once a first day is picked, the days too far from it for the server are greyed out.
      disabledDate={(day, { from }) => from !== undefined && Math.abs(day.diff(from, 'day')) >= MAX_REPORT_DAYS}
      onChange={(values) => {
        const [first, last] = values ?? [];
        if (first && last) onChange([toCalendarDate(first), toCalendarDate(last)]);
      }}
    />
  );
}

/** Every entry of the period as CSV (admins), downloaded as hours.csv. */
function ExportButton({ from, to }: { from: CalendarDate; to: CalendarDate }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);

  async function download() {
    setExporting(true);
    try {
      saveBlob(await exportHoursCsv(from, to), 'hours.csv');
    } catch (error) {
      message.error(errorMessage(error, t));
    } finally {
      setExporting(false);
    }
  }

  return (
    <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void download()}>
      {t('hours.export')}
    </Button>
  );
}
