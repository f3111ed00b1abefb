import { Form, Input, Radio } from 'antd';
import { sendNotification } from '../../api/notifications';
import { CustomerSelect } from '../../components/CustomerSelect';
import { FormModal } from '../../components/FormModal';
import { useInvalidate } from '../../hooks/useInvalidate';
import { useI18n } from '../../i18n/I18nProvider';

interface SendValues {
  recipient: 'one' | 'all';
  customer_id?: string;
  title: string;
  message: string;
}

/** Sends a `general` message to one customer or to every customer (staff). */
export function SendNotificationModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const invalidate = useInvalidate();
  const required = { required: true, whitespace: true, message: t('common.required') };
  return (
    <FormModal<SendValues>
      title={t('notifications.send')}
      okText={t('common.send')}
      cancelText={t('common.cancel')}
      fields={['customer_id', 'title', 'message']}
      initialValues={{ recipient: 'one' }}
      onSubmit={async (values) => {
        const content = { title: values.title.trim(), message: values.message.trim(), channels: ['push' as const] };
        await sendNotification(
          values.recipient === 'one' && values.customer_id !== undefined
            ? { ...content, customer_id: values.customer_id }
            : { ...content, all_customers: true },
        );
        await invalidate('notifications');
        onDone();
      }}
      onClose={onClose}
    >
      <Form.Item name="recipient" label={t('notifications.recipient')}>
        <Radio.Group
          options={[
            { value: 'one', label: t('notifications.toCustomer') },
            { value: 'all', label: t('notifications.toAll') },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['recipient']}>
        {({ getFieldValue }) =>
          getFieldValue('recipient') === 'one' && (
            <Form.Item name="customer_id" label={t('cars.customer')} rules={[{ required: true, message: t('common.required') }]}>
              <CustomerSelect />
            </Form.Item>
          )
        }
      </Form.Item>
      <Form.Item name="title" label={t('notifications.titleField')} rules={[required]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="message" label={t('notifications.message')} rules={[required]}>
        <Input.TextArea rows={4} />
      </Form.Item>
    </FormModal>
  );
}
