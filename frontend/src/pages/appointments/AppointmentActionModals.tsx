import { Form, Input, Typography } from 'antd';
import {
  cancelAppointment,
  checkInAppointment,
  declineAppointment,
  rescheduleAppointment,
} from '../../api/appointments';
import { isApiError } from '../../api/errors';
import type { Appointment, Timestamp } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { useInvalidate } from '../../hooks/useInvalidate';
import { useI18n } from '../../i18n/I18nProvider';
import { checkInTitle } from './appointmentActions';
import { useAppointmentChange } from './queries';
import { SlotChooser } from './SlotChooser';

interface ModalProps {
  appointment: Appointment;
  onClose: () => void;
  /** Told the changed appointment and a message to show. */
  onDone: (changed: Appointment, text: string) => void;
}

/** Declines a customer's request, with the reason the customer is told. */
export function DeclineAppointmentModal({ appointment, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const decline = useAppointmentChange((reason: string) => declineAppointment(appointment, reason));
  return (
    <FormModal<{ reason: string }>
      title={t('appointments.declineTitle', { plate: appointment.car.license_plate })}
      okText={t('appointments.decline')}
      cancelText={t('common.close')}
      danger
      fields={['reason']}
      onSubmit={async ({ reason }) => onDone(await decline.mutateAsync(reason.trim()), t('appointments.declined'))}
      onClose={onClose}
    >
      <Form.Item
        name="reason"
        label={t('appointments.reason')}
        extra={t('appointments.reasonToldHelp')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

/** Cancels an appointment; the reason is optional. */
export function CancelAppointmentModal({ appointment, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const cancel = useAppointmentChange((reason: string | undefined) => cancelAppointment(appointment, reason));
  return (
    <FormModal<{ reason?: string }>
      title={t('appointments.cancelTitle', { plate: appointment.car.license_plate })}
      okText={t('appointments.cancel')}
      cancelText={t('common.close')}
      danger
      fields={['reason']}
      onSubmit={async ({ reason }) =>
        onDone(await cancel.mutateAsync(reason?.trim() || undefined), t('appointments.cancelled'))
      }
      onClose={onClose}
    >
      <Form.Item name="reason" label={t('appointments.reasonOptional')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

/** Moves an appointment to another free slot, picked as a day then a time. */
export function RescheduleAppointmentModal({
  appointment,
  onClose,
  onDone,
  asCustomer = false,
}: ModalProps & { asCustomer?: boolean }) {
  const { t } = useI18n();
  const invalidate = useInvalidate();
  const reschedule = useAppointmentChange((startsAt: Timestamp) => rescheduleAppointment(appointment, startsAt));
  return (
    <FormModal<{ starts_at: Timestamp }>
      title={t('appointments.rescheduleTitle', { plate: appointment.car.license_plate })}
      okText={t('appointments.reschedule')}
      cancelText={t('common.cancel')}
      fields={['starts_at']}
      onSubmit={async ({ starts_at }) => {
        try {
          onDone(await reschedule.mutateAsync(starts_at), t('appointments.rescheduled'));
        } catch (error) {
          if (isApiError(error, 409)) void invalidate('appointments');
          throw error;
        }
      }}
      onClose={onClose}
    >
      {asCustomer && appointment.status === 'confirmed' && (
        <Typography.Paragraph type="secondary">{t('appointments.rescheduleAsksAgain')}</Typography.Paragraph>
      )}
      <Form.Item name="starts_at" label={t('appointments.newSlot')} rules={[{ required: true, message: t('appointments.pickSlot') }]}>
        <SlotChooser current={appointment.starts_at} />
      </Form.Item>
    </FormModal>
  );
}

interface CheckInValues {
  title?: string;
  service_type?: string;
}

/** Checks the car in: opens its service, titled from the customer's description. */
export function CheckInAppointmentModal({ appointment, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const checkIn = useAppointmentChange((values: CheckInValues) =>
    checkInAppointment(appointment, {
      title: values.title?.trim() || undefined,
      service_type: values.service_type?.trim() || undefined,
    }),
  );
  return (
    <FormModal<CheckInValues>
      title={t('appointments.checkInTitle', { plate: appointment.car.license_plate })}
      okText={t('appointments.checkIn')}
      cancelText={t('common.cancel')}
      fields={['title', 'service_type']}
      initialValues={{ title: checkInTitle(appointment.description) || undefined, service_type: 'maintenance' }}
      onSubmit={async (values) => onDone(await checkIn.mutateAsync(values), t('appointments.checkedIn'))}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{t('appointments.checkInHelp')}</Typography.Paragraph>
      <Form.Item name="title" label={t('services.titleField')} extra={t('appointments.checkInTitleHelp')}>
        <Input autoComplete="off" maxLength={200} />
      </Form.Item>
      <Form.Item name="service_type" label={t('services.type')} extra={t('services.typeHelp')}>
        <Input autoComplete="off" maxLength={50} />
      </Form.Item>
    </FormModal>
  );
}
