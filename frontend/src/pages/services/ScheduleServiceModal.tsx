import { DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import { scheduleService } from '../../api/services';
import { CarSelect } from '../../components/CarSelect';
import { FormModal } from '../../components/FormModal';
import { useDateInputFormat } from '../../format/dateInput';
import { toCalendarDate } from '../../format/dates';
import { useI18n } from '../../i18n/I18nProvider';
import { useServiceChange } from './queries';

interface ScheduleValues {
  car_id: string;
  title: string;
  service_type?: string;
  scheduled_date: Dayjs;
  description?: string;
}

/** Books a service on a car (`carId` fixes the car), then opens it. */
export function ScheduleServiceModal({ carId, onClose }: { carId?: string; onClose: () => void }) {
  const { t } = useI18n();
  const dateFormat = useDateInputFormat();
  const navigate = useNavigate();
  const schedule = useServiceChange((values: ScheduleValues) =>
    scheduleService({
      car_id: carId ?? values.car_id,
      title: values.title.trim(),
      service_type: values.service_type?.trim() || undefined,
      scheduled_date: toCalendarDate(values.scheduled_date),
      description: values.description?.trim() || undefined,
    }),
  );
  const required = { required: true, whitespace: true, message: t('common.required') };
  return (
    <FormModal<ScheduleValues>
      title={t('services.schedule')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      fields={['car_id', 'title', 'service_type', 'scheduled_date', 'description']}
      initialValues={{ scheduled_date: dayjs(), service_type: 'maintenance' }}
      onSubmit={async (values) => {
        const service = await schedule.mutateAsync(values);
        navigate(`/services/${service.id}`);
      }}
      onClose={onClose}
    >
      {carId === undefined && (
        <Form.Item name="car_id" label={t('services.car')} rules={[{ required: true, message: t('common.required') }]}>
          <CarSelect />
        </Form.Item>
      )}
      <Form.Item name="title" label={t('services.titleField')} rules={[required]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="service_type" label={t('services.type')} extra={t('services.typeHelp')}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="scheduled_date" label={t('services.scheduledDate')} rules={[{ required: true, message: t('common.required') }]}>
        <DatePicker format={dateFormat} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="description" label={t('services.description')}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}
