import { DatePicker, Form, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TimeEntry } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { useDateInputFormat } from '../../format/dateInput';
import { toCalendarDate } from '../../format/dates';
import { formatTime, zonedInstant, zonedParts } from '../../format/zoned';
import { useI18n } from '../../i18n/I18nProvider';
import { useGarageTimeZone } from '../appointments/queries';
import { useCloseClock } from './queries';

/** A wall-clock reading of the garage's clock, as a picker holds it (its own zone ignored). */
function garageWallTime(instant: number, timeZone: string): Dayjs {
  const { date, time } = zonedParts(instant, timeZone);
  return dayjs(`${date}T${time}`);
}

/**
 * When the work stopped, as the API takes it: the picked reading of the garage's clock;
 * none for the current minute, which means now (its first second may come before the
 * clock's start, which the server would refuse).
 */
export function endedAtOf(picked: Dayjs, timeZone: string, now: number = Date.now()): string | undefined {
  if (picked.isSame(garageWallTime(now, timeZone), 'minute')) return undefined;
  return new Date(zonedInstant(toCalendarDate(picked), picked.format('HH:mm'), timeZone)).toISOString().replace('.000Z', 'Z');
}

/** Closes a technician's forgotten clock (staff) at the time the work stopped, now by default. */
export function CloseClockModal({
  name,
  clock,
  onClose,
  onDone,
}: {
  name: string;
  clock: TimeEntry;
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const { t, locale } = useI18n();
  const timeZone = useGarageTimeZone();
  const dateFormat = useDateInputFormat();
  const close = useCloseClock(clock.technician_id);
  const started = garageWallTime(Date.parse(clock.started_at), timeZone);
  const now = garageWallTime(Date.now(), timeZone);
  return (
    <FormModal<{ ended_at: Dayjs }>
      title={t('clock.closeTitle', { name })}
      okText={t('clock.off')}
      cancelText={t('common.cancel')}
      fields={['ended_at']}
      initialValues={{ ended_at: now }}
      onSubmit={async ({ ended_at }) => {
        await close.mutateAsync(endedAtOf(ended_at, timeZone));
        onDone(t('clock.closed', { name }));
      }}
      onClose={onClose}
    >
      <Typography.Paragraph>
        {t('clock.closeHelp', { title: clock.service_title, time: formatTime(clock.started_at, locale, timeZone) })}
      </Typography.Paragraph>
      <Form.Item name="ended_at" label={t('clock.endedAt')} rules={[{ required: true, message: t('common.required') }]}>
        <DatePicker
          showTime={{ format: 'HH:mm' }}
          format={dateFormat.map((format) => `${format} HH:mm`)}
          allowClear={false}
          // Between the clock's start and now, as the server requires.
          disabledDate={(day) => day.isBefore(started, 'day') || day.isAfter(now, 'day')}
          style={{ width: '100%' }}
        />
      </Form.Item>
    </FormModal>
  );
}
