import { useState } from 'react';
import { App, Button } from 'antd';
import { useNavigate } from 'react-router';
import { confirmAppointment, markNoShow } from '../../api/appointments';
import type { Appointment } from '../../api/types';
import { useIsStaff } from '../../auth/useIsStaff';
import { errorMessage } from '../../feedback/errorMessage';
import { useI18n } from '../../i18n/I18nProvider';
import {
  CancelAppointmentModal,
  CheckInAppointmentModal,
  DeclineAppointmentModal,
  RescheduleAppointmentModal,
} from './AppointmentActionModals';
import { appointmentActions } from './appointmentActions';
import { useAppointmentChange } from './queries';

type OpenModal = 'decline' | 'cancel' | 'reschedule' | 'check_in' | null;

/**
 * The workflow buttons of an appointment that its status allows to the user: staff's
 * (confirm, decline, check in, no-show, move, cancel) or the owner's (move, cancel).
 * `onChanged` gets the appointment as the server answered it.
 */
export function AppointmentActions({
  appointment,
  onChanged,
}: {
  appointment: Appointment;
  onChanged?: (changed: Appointment) => void;
}) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const isStaff = useIsStaff();
  const navigate = useNavigate();
  const [open, setOpen] = useState<OpenModal>(null);
  const confirm = useAppointmentChange(() => confirmAppointment(appointment));
  const noShow = useAppointmentChange(() => markNoShow(appointment));
  const allowed = appointmentActions(appointment, isStaff);
  const done = (changed: Appointment, text: string) => {
    message.success(text);
    onChanged?.(changed);
  };
  const modalProps = { appointment, onClose: () => setOpen(null), onDone: done };

  async function runConfirm() {
    try {
      done(await confirm.mutateAsync(undefined), t('appointments.confirmed'));
    } catch (error) {
      message.error(errorMessage(error, t));
    }
  }

  function askNoShow() {
    modal.confirm({
      title: t('appointments.noShowConfirm', { plate: appointment.car.license_plate }),
      okText: t('appointments.noShow'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          done(await noShow.mutateAsync(undefined), t('appointments.markedNoShow'));
        } catch (error) {
          message.error(errorMessage(error, t));
        }
      },
    });
  }

  return (
    <>
      {allowed.includes('confirm') && (
        <Button type="primary" loading={confirm.isPending} onClick={() => void runConfirm()}>
          {t('appointments.confirm')}
        </Button>
      )}
      {allowed.includes('check_in') && (
        <Button type="primary" onClick={() => setOpen('check_in')}>
          {t('appointments.checkIn')}
        </Button>
      )}
      {allowed.includes('decline') && (
        <Button danger onClick={() => setOpen('decline')}>
          {t('appointments.decline')}
        </Button>
      )}
      {allowed.includes('reschedule') && <Button onClick={() => setOpen('reschedule')}>{t('appointments.reschedule')}</Button>}
      {allowed.includes('no_show') && <Button onClick={askNoShow}>{t('appointments.noShow')}</Button>}
      {allowed.includes('cancel') && (
        <Button danger onClick={() => setOpen('cancel')}>
          {t('appointments.cancel')}
        </Button>
      )}
      {appointment.service_id != null && (
        <Button onClick={() => navigate(`/services/${appointment.service_id}`)}>{t('appointments.openService')}</Button>
      )}
      {open === 'decline' && <DeclineAppointmentModal {...modalProps} />}
      {open === 'cancel' && <CancelAppointmentModal {...modalProps} />}
      {open === 'reschedule' && <RescheduleAppointmentModal {...modalProps} asCustomer={!isStaff} />}
      {open === 'check_in' && <CheckInAppointmentModal {...modalProps} />}
    </>
  );
}
