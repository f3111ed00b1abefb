import { useState } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { Button, ConfigProvider, DatePicker, Empty, Flex, Skeleton, Typography } from 'antd';
import type { CalendarDate } from '../../api/types';
import { useKeepSessionAwake } from '../../auth/idle/useKeepSessionAwake';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { GARAGE_TIME_ZONE } from '../../format/date';
import { useDateInputFormat } from '../../format/dateInput';
import { fromCalendarDate, toCalendarDate } from '../../format/dates';
import { formatTime } from '../../format/zoned';
import { useI18n } from '../../i18n/I18nProvider';
import { ClockBanner } from './ClockBanner';
import { JobCard } from './JobCard';
import { useMyClock, useMyJobs } from './queries';

/**
 * A technician's day, for a tablet in the workshop: their clock, then one card per job in
 * the server's order (in progress, still to do, closed that day), each with what is needed
 * to do the work. It asks the server again every minute.
 */
export function MyJobsPage() {
  // Left open on a tablet in the workshop, the screen is exempt from the idle logout.
  useKeepSessionAwake();
  const { t, locale } = useI18n();
  // No day picked: the server's today (on the garage's clock, which it names), which moves
  // on at midnight on a tablet left open overnight.
  const [picked, setPicked] = useState<CalendarDate | null>(null);
  const todays = useMyJobs(null, picked === null);
  const picks = useMyJobs(picked, picked !== null);
  const jobs = picked === null ? todays : picks;
  // Kept from the last answer for today while another day is shown.
  const today = todays.data?.date;
  // The garage's clock, which the jobs' answer names (a technician cannot read the
  // schedule): the configured default until it has come.
  const timeZone = jobs.data?.time_zone ?? todays.data?.time_zone ?? GARAGE_TIME_ZONE;
  const clock = useMyClock();
  const refresh = () => void Promise.all([jobs.refetch(), clock.refetch()]);

  return (
    // Large controls throughout, modals included: fingers, maybe gloved, not a mouse.
    <ConfigProvider componentSize="large">
      <PageHeader
        title={t('myJobs.title')}
        extra={
          <Flex align="center" gap={8} wrap>
            <DayPicker day={picked ?? today} onChange={(value) => setPicked(value === today ? null : value)} />
            {picked !== null && <Button onClick={() => setPicked(null)}>{t('myJobs.today')}</Button>}
            <Button icon={<ReloadOutlined />} loading={jobs.isFetching} onClick={refresh}>
              {t('today.refresh')}
            </Button>
          </Flex>
        }
      />
      {jobs.dataUpdatedAt > 0 && (
        <Typography.Paragraph type="secondary">
          {t('today.updatedAt', { time: formatTime(jobs.dataUpdatedAt, locale, timeZone) })}
        </Typography.Paragraph>
      )}
      {clock.isError && <QueryError error={clock.error} onRetry={() => void clock.refetch()} />}
      <ClockBanner open={clock.data?.open} timeZone={timeZone} />
      {jobs.isError && <QueryError error={jobs.error} onRetry={() => void jobs.refetch()} />}
      {jobs.isPending && <Skeleton active />}
      {jobs.data?.results.length === 0 && <Empty description={t('myJobs.empty')} />}
      <Flex vertical gap={16}>
        {jobs.data?.results.map((job) => <JobCard key={job.service.id} job={job} clock={clock.data?.open} />)}
      </Flex>
    </ConfigProvider>
  );
}

/** The day whose jobs are shown (none until the server has named today). */
function DayPicker({ day, onChange }: { day: CalendarDate | undefined; onChange: (day: CalendarDate) => void }) {
  const { t } = useI18n();
  const dateFormat = useDateInputFormat();
  return (
    <DatePicker
      aria-label={t('myJobs.day')}
      format={dateFormat}
      allowClear={false}
      value={day === undefined ? null : fromCalendarDate(day)}
      onChange={(value) => {
        if (value !== null) onChange(toCalendarDate(value));
      }}
    />
  );
}
