import { DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import { createInvoice } from '../../api/invoices';
import type { Service } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { useDateInputFormat } from '../../format/dateInput';
import { toCalendarDate } from '../../format/dates';
import { useI18n } from '../../i18n/I18nProvider';
import { useInvoiceChange } from '../invoices/queries';

/** Days given to pay, unless staff choose another due date. */
const DEFAULT_PAYMENT_DAYS = 30;

/** Creates the draft invoice of a service, then opens it. */
export function CreateInvoiceModal({ service, onClose }: { service: Service; onClose: () => void }) {
  const { t } = useI18n();
  const dateFormat = useDateInputFormat();
  const navigate = useNavigate();
  const create = useInvoiceChange((values: { due_date: Dayjs; notes?: string }) =>
    createInvoice({
      service_id: service.id,
      due_date: toCalendarDate(values.due_date),
      notes: values.notes?.trim() || undefined,
    }),
  );
  return (
    <FormModal<{ due_date: Dayjs; notes?: string }>
      title={t('services.createInvoice')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      fields={['due_date', 'notes']}
      initialValues={{ due_date: dayjs().add(DEFAULT_PAYMENT_DAYS, 'day') }}
      onSubmit={async (values) => {
        const invoice = await create.mutateAsync(values);
        navigate(`/invoices/${invoice.id}`);
      }}
      onClose={onClose}
    >
      <Form.Item name="due_date" label={t('services.dueDate')} rules={[{ required: true, message: t('common.required') }]}>
        <DatePicker format={dateFormat} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="notes" label={t('invoices.notes')}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}
