import { Alert, App, Button, Card, Descriptions, Form, InputNumber, Skeleton, Statistic } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { fetchCarStatistics, fetchMileageHistory, reportMileage } from '../../api/cars';
import type { Car } from '../../api/types';
import { useIsStaff } from '../../auth/useIsStaff';
import { errorMessage } from '../../feedback/errorMessage';
import { useFormat } from '../../format/useFormat';
import { useFormErrors } from '../../forms/useFormErrors';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useI18n } from '../../i18n/I18nProvider';
import { MAX_MILEAGE } from './CarFormModal';
import { MileageChart } from './MileageChart';
import { CARS_KEY, useCarChange } from './queries';

/** Readings shown on the chart: the API's largest page. */
const HISTORY_LIMIT = 200;

/** What the garage knows of a car. */
export function CarSummary({ car }: { car: Car }) {
  const { t } = useI18n();
  const format = useFormat();
  const isStaff = useIsStaff();
  const missing = t('common.notGiven');
  return (
    <Card>
      <Descriptions column={{ xs: 1, sm: 1, md: 2, lg: 3, xl: 3, xxl: 3 }}>
        {isStaff && (
          <Descriptions.Item label={t('cars.customer')}>
            <Link to={`/customers/${car.customer_id}`}>{t('common.details')}</Link>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={`${t('cars.make')} / ${t('cars.model')}`}>{`${car.make} ${car.model}`}</Descriptions.Item>
        <Descriptions.Item label={t('cars.year')}>{car.year}</Descriptions.Item>
        <Descriptions.Item label={t('cars.vin')}>{car.vin ?? missing}</Descriptions.Item>
        <Descriptions.Item label={t('cars.fuel')}>{t(`fuel.${car.fuel_type}`)}</Descriptions.Item>
        <Descriptions.Item label={t('cars.mileage')}>{t('common.km', { value: format.number(car.mileage) })}</Descriptions.Item>
        <Descriptions.Item label={t('cars.averageDaily')}>
          {car.average_daily_mileage == null
            ? missing
            : t('cars.perDay', { value: format.number(Number(car.average_daily_mileage), 1) })}
        </Descriptions.Item>
        <Descriptions.Item label={t('cars.lastService')}>
          {car.last_service_date == null ? missing : format.date(car.last_service_date)}
        </Descriptions.Item>
        <Descriptions.Item label={t('cars.nextService')}>
          {car.next_service_date == null ? missing : format.date(car.next_service_date)}
        </Descriptions.Item>
        {car.legacy_id != null && (
          <Descriptions.Item label={t('common.legacyId')}>{car.legacy_id}</Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

/** Service count and spending on a car. */
export function CarStatisticsCard({ car }: { car: Car }) {
  const { t } = useI18n();
  const format = useFormat();
  const stats = useQuery({
    queryKey: [...CARS_KEY, 'statistics', car.id, car.version],
    queryFn: ({ signal }) => fetchCarStatistics(car.id, signal),
  });
  return (
    <Card title={t('cars.statistics')}>
      {stats.isError && <Alert type="error" showIcon message={errorMessage(stats.error, t)} />}
      {stats.isPending && <Skeleton active paragraph={{ rows: 1 }} />}
      {stats.data !== undefined && (
        <>
          <Statistic title={t('cars.serviceCount')} value={stats.data.service_count} />
          <Statistic title={t('cars.totalSpent')} value={format.money(stats.data.total_spent)} />
        </>
      )}
    </Card>
  );
}

/** Records an odometer reading (staff or the owner); a lower one is refused by the API. */
export function ReportMileageCard({ car }: { car: Car }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ mileage: number }>();
  const errors = useFormErrors(form, ['mileage']);
  const report = useCarChange((mileage: number) => reportMileage(car.id, mileage));

  async function submit({ mileage }: { mileage: number }) {
    errors.clear();
    try {
      await report.mutateAsync(mileage);
      form.resetFields();
      message.success(t('cars.mileageReported'));
    } catch (error) {
      errors.show(error);
    }
  }

  return (
    <Card title={t('cars.reportMileage')}>
      <FormErrorAlert messages={errors.messages} />
      <Form form={form} layout="inline" onFinish={submit}>
        <Form.Item name="mileage" rules={[{ required: true, message: t('common.required') }]}>
          <InputNumber aria-label={t('cars.mileage')} min={0} max={MAX_MILEAGE} precision={0} placeholder={String(car.mileage)} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={report.isPending}>
          {t('cars.reportSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

/** The car's mileage over time. */
export function MileageHistoryCard({ car }: { car: Car }) {
  const { t } = useI18n();
  const history = useQuery({
    queryKey: [...CARS_KEY, 'mileage', car.id, car.version],
    queryFn: ({ signal }) => fetchMileageHistory(car.id, HISTORY_LIMIT, signal),
  });
  return (
    <Card title={t('cars.mileageHistory')}>
      {history.isError && <Alert type="error" showIcon message={errorMessage(history.error, t)} />}
      {history.isPending ? <Skeleton active /> : <MileageChart readings={history.data?.results ?? []} />}
    </Card>
  );
}
