import { WarningFilled } from '@ant-design/icons';
import { Flex, Typography, theme } from 'antd';
import type { DayLoad, DayUnassigned } from '../../api/types';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import { FULL_DAY_HOURS, isOverbooked } from './workload';

/** One day of a technician's row: "jobs · open · hours booked", on a warning background past a full day. */
export function WorkloadCell({ day }: { day: DayLoad | undefined }) {
  const { t } = useI18n();
  const format = useFormat();
  const { token } = theme.useToken();
  if (day === undefined || day.jobs === 0) return <NoJobs />;
  const counts = { jobs: day.jobs, open: day.open, hours: format.number(Number(day.booked_hours), 2) };
  const overbooked = isOverbooked(day);
  return (
    <Flex
      align="center"
      gap={6}
      aria-label={t('workload.cellLabel', counts)}
      style={
        overbooked
          ? { background: token.colorErrorBg, color: token.colorErrorText, borderRadius: token.borderRadiusSM, padding: '2px 6px' }
          : undefined
      }
    >
      <span style={{ whiteSpace: 'nowrap' }}>{t('workload.cell', counts)}</span>
      {overbooked && <WarningFilled aria-label={t('workload.overbooked', { limit: FULL_DAY_HOURS })} />}
    </Flex>
  );
}

/** One day of the row of the jobs nobody has: just how many there are. */
export function UnassignedCell({ day }: { day: DayUnassigned | undefined }) {
  const { t } = useI18n();
  const format = useFormat();
  if (day === undefined || day.jobs === 0) return <NoJobs />;
  return <span aria-label={t('workload.unassignedLabel', { jobs: day.jobs })}>{format.number(day.jobs)}</span>;
}

/** A day without a job: a dash. */
function NoJobs() {
  const { t } = useI18n();
  return <Typography.Text type="secondary" aria-label={t('workload.noJobs')}>{t('common.notGiven')}</Typography.Text>;
}
