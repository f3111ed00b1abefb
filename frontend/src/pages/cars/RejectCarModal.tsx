import { Form, Input, Typography } from 'antd';
import { rejectCar } from '../../api/pendingCars';
import type { PendingCar } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { useI18n } from '../../i18n/I18nProvider';
import { usePendingCarChange } from './pendingCarQueries';

/** Turns down a car a customer added, with the reason the customer receives (required). */
export function RejectCarModal({ car, onClose, onRejected }: { car: PendingCar; onClose: () => void; onRejected: () => void }) {
  const { t } = useI18n();
  const reject = usePendingCarChange((reason: string) => rejectCar(car, reason));
  return (
    <FormModal<{ reason: string }>
      title={t('pendingCars.rejectTitle', { plate: car.license_plate, customer: car.customer_name })}
      okText={t('pendingCars.rejectSubmit')}
      cancelText={t('common.cancel')}
      fields={['reason']}
      danger
      onSubmit={async ({ reason }) => {
        await reject.mutateAsync(reason.trim());
        onRejected();
      }}
      onClose={onClose}
    >
      <Typography.Paragraph>
        {car.make} {car.model} ({car.year})
      </Typography.Paragraph>
      <Form.Item
        name="reason"
        label={t('pendingCars.reasonField')}
        extra={t('pendingCars.reasonHelp')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input.TextArea rows={3} maxLength={400} showCount />
      </Form.Item>
    </FormModal>
  );
}
