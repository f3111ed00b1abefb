import { ClockCircleOutlined } from '@ant-design/icons';
import { App, Button, Tag } from 'antd';
import type { Service } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { useClockOn } from './queries';
import { TOUCH_TARGET } from './touch';

/**
 * Clocks the technician on a job (the clock of another job stops), or says that the clock
 * runs on this one. A refusal goes to `onError`, which shows it on the card.
 */
export function ClockOnButton({
  service,
  onTheClock,
  onStart,
  onError,
}: {
  service: Service;
  onTheClock: boolean;
  onStart: () => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const clockOn = useClockOn();
  if (onTheClock) {
    return (
      <Tag color="success" icon={<ClockCircleOutlined />} style={{ fontSize: 16, padding: '8px 12px', margin: 0 }}>
        {t('clock.running')}
      </Tag>
    );
  }

  async function clockOnJob() {
    onStart();
    try {
      await clockOn.mutateAsync(service.id);
      message.success(t('clock.onDone', { title: service.title }));
    } catch (error) {
      onError(error);
    }
  }

  return (
    <Button icon={<ClockCircleOutlined />} style={TOUCH_TARGET} loading={clockOn.isPending} onClick={() => void clockOnJob()}>
      {t('clock.on')}
    </Button>
  );
}
