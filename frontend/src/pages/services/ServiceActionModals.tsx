import { Checkbox, DatePicker, Form, Input, InputNumber, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { cancelService, completeService, rescheduleService, sendServiceNotification } from '../../api/services';
import type { Channel, Service } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { useDateInputFormat } from '../../format/dateInput';
import { fromCalendarDate, toCalendarDate } from '../../format/dates';
import { useI18n } from '../../i18n/I18nProvider';
import { useServiceChange } from './queries';

/** What each dialog about one service takes: the service, and what to do once closed or done. */
export interface ModalProps {
  service: Service;
  onClose: () => void;
  onDone: (text: string) => void;
}

interface CompleteValues {
  completed_date?: Dayjs;
  service_mileage?: number | null;
  technician_notes?: string;
}

/**
 * Completes a service: day, odometer reading and notes. Without `askDate` (a technician
 * finishing the job in front of them) the day is the server's today.
 */
export function CompleteServiceModal({ service, onClose, onDone, askDate = true }: ModalProps & { askDate?: boolean }) {
  const { t } = useI18n();
  const dateFormat = useDateInputFormat();
  const complete = useServiceChange((values: CompleteValues) =>
    completeService(service, {
      completed_date: values.completed_date === undefined ? undefined : toCalendarDate(values.completed_date),
      service_mileage: values.service_mileage ?? undefined,
      technician_notes: values.technician_notes?.trim() || undefined,
    }),
  );
  return (
    <FormModal<CompleteValues>
      title={t('services.completeTitle')}
      okText={t('services.complete')}
      cancelText={t('common.cancel')}
      fields={['completed_date', 'service_mileage', 'technician_notes']}
      initialValues={{ completed_date: askDate ? dayjs() : undefined, technician_notes: service.technician_notes }}
      onSubmit={async (values) => {
        await complete.mutateAsync(values);
        onDone(t('services.completed'));
      }}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{t('services.completeHelp')}</Typography.Paragraph>
      {askDate && (
        <Form.Item name="completed_date" label={t('services.completedDate')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker format={dateFormat} style={{ width: '100%' }} />
        </Form.Item>
      )}
      <Form.Item name="service_mileage" label={t('services.mileage')}>
        <InputNumber min={0} max={9_999_999} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="technician_notes" label={t('services.technicianNotes')}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

/** Cancels a service, with the reason the API requires. */
export function CancelServiceModal({ service, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const cancel = useServiceChange((reason: string) => cancelService(service, reason));
  return (
    <FormModal<{ reason: string }>
      title={t('services.cancelTitle', { title: service.title })}
      okText={t('services.cancel')}
      cancelText={t('common.close')}
      danger
      fields={['reason']}
      onSubmit={async ({ reason }) => {
        await cancel.mutateAsync(reason.trim());
        onDone(t('services.cancelled'));
      }}
      onClose={onClose}
    >
      <Form.Item name="reason" label={t('services.reason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}

/** Moves a service to another day. */
export function RescheduleServiceModal({ service, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const dateFormat = useDateInputFormat();
  const reschedule = useServiceChange((date: Dayjs) => rescheduleService(service, toCalendarDate(date)));
  return (
    <FormModal<{ scheduled_date: Dayjs }>
      title={t('services.rescheduleTitle', { title: service.title })}
      okText={t('services.reschedule')}
      cancelText={t('common.cancel')}
      fields={['scheduled_date']}
      initialValues={{ scheduled_date: fromCalendarDate(service.scheduled_date) }}
      onSubmit={async ({ scheduled_date }) => {
        await reschedule.mutateAsync(scheduled_date);
        onDone(t('services.rescheduled'));
      }}
      onClose={onClose}
    >
      <Form.Item name="scheduled_date" label={t('services.newDate')} rules={[{ required: true, message: t('common.required') }]}>
        <DatePicker format={dateFormat} style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}

const CHANNELS: readonly Channel[] = ['push', 'sms'];

/** Sends a message about the service to the car's owner. */
export function NotifyServiceModal({ service, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  return (
    <FormModal<{ message?: string; channels: Channel[] }>
      title={t('services.notifyTitle')}
      okText={t('common.send')}
      cancelText={t('common.cancel')}
      fields={['message', 'channels']}
      initialValues={{ channels: ['push'] }}
      onSubmit={async ({ message, channels }) => {
        await sendServiceNotification(service.id, channels, message?.trim() || undefined);
        onDone(t('services.notified'));
      }}
      onClose={onClose}
    >
      <Form.Item name="message" label={t('services.message')} extra={t('services.messageHelp')}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="channels" label={t('services.channels')} rules={[{ required: true, message: t('common.required') }]}>
        <Checkbox.Group options={CHANNELS.map((channel) => ({ value: channel, label: t(`services.channel.${channel}`) }))} />
      </Form.Item>
    </FormModal>
  );
}
