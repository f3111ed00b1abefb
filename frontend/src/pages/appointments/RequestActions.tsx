import { useState } from 'react';
import { App, Button } from 'antd';
import { useNavigate } from 'react-router';
import { withdrawRequest } from '../../api/requests';
import type { ServiceRequest } from '../../api/types';
import { useIsStaff } from '../../auth/useIsStaff';
import { errorMessage } from '../../feedback/errorMessage';
import { useI18n } from '../../i18n/I18nProvider';
import { BookRequestModal, CloseRequestModal, OpenServiceForRequestModal } from './RequestActionModals';
import { useRequestChange } from './requestQueries';

type OpenModal = 'book' | 'open_service' | 'close' | null;

/**
 * What the user may do with a request: while it is open, staff book it, open a service for
 * it or close it with an answer, and its customer withdraws it; once booked or serviced,
 * the appointment or the service it became.
 */
export function RequestActions({ request }: { request: ServiceRequest }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const isStaff = useIsStaff();
  const navigate = useNavigate();
  const [open, setOpen] = useState<OpenModal>(null);
  const withdraw = useRequestChange(() => withdrawRequest(request));
  const modalProps = {
    request,
    onClose: () => setOpen(null),
    onDone: (_changed: ServiceRequest, text: string) => void message.success(text),
  };

  function askWithdraw() {
    modal.confirm({
      title: t('requests.withdrawConfirm', { plate: request.car.license_plate }),
      okText: t('requests.withdraw'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await withdraw.mutateAsync(undefined);
          message.success(t('requests.withdrawn'));
        } catch (error) {
          message.error(errorMessage(error, t));
        }
      },
    });
  }

  const isOpen = request.status === 'open';
  return (
    <>
      {isStaff && isOpen && (
        <>
          <Button type="primary" onClick={() => setOpen('book')}>
            {t('requests.book')}
          </Button>
          <Button onClick={() => setOpen('open_service')}>{t('requests.openService')}</Button>
          <Button onClick={() => setOpen('close')}>{t('requests.close')}</Button>
        </>
      )}
      {!isStaff && isOpen && (
        <Button danger onClick={askWithdraw}>
          {t('requests.withdraw')}
        </Button>
      )}
      {request.appointment_id != null && (
        <Button onClick={() => navigate(`/appointments/${request.appointment_id}`)}>{t('services.openAppointment')}</Button>
      )}
      {request.service_id != null && (
        <Button onClick={() => navigate(`/services/${request.service_id}`)}>{t('appointments.openService')}</Button>
      )}
      {open === 'book' && <BookRequestModal {...modalProps} />}
      {open === 'open_service' && <OpenServiceForRequestModal {...modalProps} />}
      {open === 'close' && <CloseRequestModal {...modalProps} />}
    </>
  );
}
