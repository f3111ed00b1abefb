import { useState } from 'react';
import { ClockCircleOutlined } from '@ant-design/icons';
import { App, Button, Flex, Typography } from 'antd';
import { Link } from 'react-router';
import type { TimeEntry } from '../../api/types';
import { formatTime } from '../../format/zoned';
import { useI18n } from '../../i18n/I18nProvider';
import { useGarageTimeZone } from '../appointments/queries';
import { CloseClockModal } from './CloseClockModal';

/** Where a technician is clocked on now (staff): the job, since when, and a way to close a forgotten clock. */
export function TechnicianClock({ name, clock }: { name: string; clock: TimeEntry }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const timeZone = useGarageTimeZone();
  const [closing, setClosing] = useState(false);
  const time = formatTime(clock.started_at, locale, timeZone);
  return (
    <Flex vertical align="start" gap={4} aria-label={t('clock.onJobLabel', { name, title: clock.service_title, time })}>
      <Flex gap={6} align="center" wrap>
        <ClockCircleOutlined />
        <Link to={`/services/${clock.service_id}`}>{clock.service_title}</Link>
        <Typography.Text type="secondary">{t('clock.since', { time })}</Typography.Text>
      </Flex>
      <Button size="small" onClick={() => setClosing(true)}>
        {t('clock.close')}
      </Button>
      {closing && (
        <CloseClockModal
          name={name}
          clock={clock}
          onClose={() => setClosing(false)}
          onDone={(text) => void message.success(text)}
        />
      )}
    </Flex>
  );
}
