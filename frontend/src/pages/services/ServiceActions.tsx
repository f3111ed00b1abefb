import { useState } from 'react';
import { App, Button, Popconfirm } from 'antd';
import { useNavigate } from 'react-router';
import { deleteService, startService } from '../../api/services';
import type { Service } from '../../api/types';
import { errorMessage } from '../../feedback/errorMessage';
import { useInvalidate } from '../../hooks/useInvalidate';
import { useI18n } from '../../i18n/I18nProvider';
import { useServiceChange } from './queries';
import { serviceActions } from './serviceActions';
import {
  CancelServiceModal,
  CompleteServiceModal,
  NotifyServiceModal,
  RescheduleServiceModal,
} from './ServiceActionModals';

type OpenModal = 'complete' | 'cancel' | 'reschedule' | 'notify' | null;

/** The workflow buttons of a service (staff), each asking for confirmation first. */
export function ServiceActions({ service }: { service: Service }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  const [open, setOpen] = useState<OpenModal>(null);
  const start = useServiceChange(() => startService(service));
  const allowed = serviceActions(service.status);
  const modalProps = { service, onClose: () => setOpen(null), onDone: (text: string) => void message.success(text) };

  function confirmStart() {
    modal.confirm({
      title: t('services.startConfirm', { title: service.title }),
      okText: t('services.start'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await start.mutateAsync(undefined);
          message.success(t('services.started'));
        } catch (error) {
          message.error(errorMessage(error, t));
        }
      },
    });
  }

  async function remove() {
    try {
      await deleteService(service.id);
      await invalidate('services', 'cars', 'customers', 'statistics');
      message.success(t('services.deleted'));
      navigate('/services');
    } catch (error) {
      message.error(errorMessage(error, t));
    }
  }

  return (
    <>
      {allowed.includes('start') && <Button onClick={confirmStart}>{t('services.start')}</Button>}
      {allowed.includes('complete') && (
        <Button type="primary" onClick={() => setOpen('complete')}>
          {t('services.complete')}
        </Button>
      )}
      {allowed.includes('reschedule') && <Button onClick={() => setOpen('reschedule')}>{t('services.reschedule')}</Button>}
      {allowed.includes('cancel') && (
        <Button danger onClick={() => setOpen('cancel')}>
          {t('services.cancel')}
        </Button>
      )}
      {allowed.includes('delete') && (
        <Popconfirm
          title={t('services.deleteConfirm', { title: service.title })}
          okText={t('common.delete')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={remove}
        >
          <Button danger>{t('common.delete')}</Button>
        </Popconfirm>
      )}
      <Button onClick={() => setOpen('notify')}>{t('services.notify')}</Button>
      {open === 'complete' && <CompleteServiceModal {...modalProps} />}
      {open === 'cancel' && <CancelServiceModal {...modalProps} />}
      {open === 'reschedule' && <RescheduleServiceModal {...modalProps} />}
      {open === 'notify' && <NotifyServiceModal {...modalProps} />}
    </>
  );
}
