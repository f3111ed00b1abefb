import { useState } from 'react';
import { PauseCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Typography } from 'antd';
import type { TimeEntry } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { LtrText } from '../../components/LtrText';
import { errorMessage } from '../../feedback/errorMessage';
import { formatTime } from '../../format/zoned';
import { useNow } from '../../hooks/useNow';
import { useI18n } from '../../i18n/I18nProvider';
import { elapsedLabel } from './hours';
import { useClockOff } from './queries';
import { TOUCH_TARGET } from './touch';

/**
 * The technician's clock, at the top of their jobs: the job it runs on, since when and for
 * how long, and the button that stops it; or a word that no time is being counted.
 * `open` is undefined until the server has answered; times are shown on the clock of
 * `timeZone` (the garage's).
 */
export function ClockBanner({ open, timeZone }: { open: TimeEntry | null | undefined; timeZone: string }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const clockOff = useClockOff();
  // A refused clock-off stays on screen (a toast is easily missed across the workshop).
  const [error, setError] = useState<string | null>(null);
  if (open === undefined) return null;
  if (open === null) return <Alert type="info" showIcon message={t('clock.none')} style={{ marginBottom: 16 }} />;

  async function stop() {
    setError(null);
    try {
      await clockOff.mutateAsync();
      message.success(t('clock.offDone'));
    } catch (failure) {
      setError(errorMessage(failure, t));
    }
  }

  const since = formatTime(open.started_at, locale, timeZone);
  return (
    <div role="region" aria-label={t('clock.running')} style={{ marginBottom: 16 }}>
      <FormErrorAlert messages={error === null ? [] : [error]} />
      <Alert
        type="success"
        showIcon
        message={<Typography.Text strong>{t('clock.onJob', { title: open.service_title, time: since })}</Typography.Text>}
        description={<ElapsedTime since={open.started_at} />}
        action={
          <Button
            danger
            icon={<PauseCircleOutlined />}
            style={TOUCH_TARGET}
            loading={clockOff.isPending}
            onClick={() => void stop()}
          >
            {t('clock.off')}
          </Button>
        }
      />
    </div>
  );
}

/** The time on the clock, counting every second. */
function ElapsedTime({ since }: { since: string }) {
  const { t } = useI18n();
  const now = useNow(1000);
  return (
    <Flex gap={8} align="baseline">
      <Typography.Text type="secondary">{t('clock.elapsed')}</Typography.Text>
      <Typography.Text role="timer" aria-label={t('clock.elapsed')} style={{ fontSize: 24, fontVariantNumeric: 'tabular-nums' }}>
        <LtrText>{elapsedLabel(since, now)}</LtrText>
      </Typography.Text>
    </Flex>
  );
}
