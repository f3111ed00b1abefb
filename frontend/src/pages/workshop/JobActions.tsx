import { useState } from 'react';
import { CheckOutlined, EditOutlined, PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex } from 'antd';
import { startService } from '../../api/services';
import type { Service, ServiceStatus, TimeEntry } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { errorMessage } from '../../feedback/errorMessage';
import { useI18n } from '../../i18n/I18nProvider';
import { useServiceChange } from '../services/queries';
import { CompleteServiceModal } from '../services/ServiceActionModals';
import { serviceActions } from '../services/serviceActions';
import { AddItemModal } from './AddItemModal';
import { ClockOnButton } from './ClockOnButton';
import { NotesModal } from './NotesModal';
import { useClockOn } from './queries';
import { TOUCH_TARGET } from './touch';

/** The statuses in which the technician still works on a job (the server refuses changes after). */
const OPEN_STATUSES: readonly ServiceStatus[] = ['scheduled', 'in_progress'];

type OpenModal = 'complete' | 'addItem' | 'notes' | null;

/**
 * What a technician does with an open job: start it (which clocks them on), clock on it,
 * complete it, add a part or labour, write notes. `clock` is their running clock, if any.
 */
export function JobActions({ service, clock }: { service: Service; clock: TimeEntry | null | undefined }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const [open, setOpen] = useState<OpenModal>(null);
  // A refused start or clock-on stays on the card (a toast is easily missed across the workshop).
  const [actionError, setActionError] = useState<string | null>(null);
  const start = useServiceChange(() => startService(service));
  const clockOn = useClockOn();
  if (!OPEN_STATUSES.includes(service.status)) return null;
  const allowed = serviceActions(service.status);
  const modalProps = { service, onClose: () => setOpen(null), onDone: (text: string) => void message.success(text) };
  const showError = (error: unknown) => setActionError(errorMessage(error, t));

  /** Starts the job, then clocks on it: a refused clock leaves the job started, and says why. */
  async function startAndClockOn() {
    try {
      await start.mutateAsync(undefined);
    } catch (error) {
      showError(error);
      return;
    }
    message.success(t('services.started'));
    try {
      await clockOn.mutateAsync(service.id);
    } catch (error) {
      showError(error);
    }
  }

  function confirmStart() {
    setActionError(null);
    modal.confirm({
      title: t('services.startConfirm', { title: service.title }),
      okText: t('services.start'),
      cancelText: t('common.cancel'),
      onOk: startAndClockOn,
    });
  }

  return (
    <>
      <FormErrorAlert messages={actionError === null ? [] : [actionError]} />
      <Flex wrap gap={12} align="center">
        {allowed.includes('start') && (
          <Button type="primary" icon={<PlayCircleOutlined />} style={TOUCH_TARGET} onClick={confirmStart}>
            {t('services.start')}
          </Button>
        )}
        {service.status === 'in_progress' && (
          <ClockOnButton
            service={service}
            onTheClock={clock?.service_id === service.id}
            onStart={() => setActionError(null)}
            onError={showError}
          />
        )}
        {allowed.includes('complete') && (
          <Button
            type={service.status === 'in_progress' ? 'primary' : 'default'}
            icon={<CheckOutlined />}
            style={TOUCH_TARGET}
            onClick={() => setOpen('complete')}
          >
            {t('services.complete')}
          </Button>
        )}
        <Button icon={<PlusOutlined />} style={TOUCH_TARGET} onClick={() => setOpen('addItem')}>
          {t('myJobs.addItem')}
        </Button>
        <Button icon={<EditOutlined />} style={TOUCH_TARGET} onClick={() => setOpen('notes')}>
          {t('myJobs.editNotes')}
        </Button>
      </Flex>
      {open === 'complete' && <CompleteServiceModal {...modalProps} askDate={false} />}
      {open === 'addItem' && <AddItemModal {...modalProps} />}
      {open === 'notes' && <NotesModal {...modalProps} />}
    </>
  );
}
