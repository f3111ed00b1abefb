import { Alert, Card, Descriptions, Skeleton, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { fetchNextServicePrediction } from '../../api/cars';
import type { Car, ServicePrediction } from '../../api/types';
import { errorMessage } from '../../feedback/errorMessage';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import { CARS_KEY } from './queries';

/** When the next service is due, what the prediction counts from, and why. */
export function PredictionCard({ car }: { car: Car }) {
  const { t } = useI18n();
  const prediction = useQuery({
    queryKey: [...CARS_KEY, 'prediction', car.id, car.version],
    queryFn: ({ signal }) => fetchNextServicePrediction(car.id, signal),
  });
  const data = prediction.data;
  return (
    <Card
      title={t('cars.prediction')}
      extra={data?.overdue === true && <Tag color="red">{t('cars.overdue')}</Tag>}
    >
      {prediction.isError && <Alert type="error" showIcon message={errorMessage(prediction.error, t)} />}
      {prediction.isPending && <Skeleton active paragraph={{ rows: 2 }} />}
      {data !== undefined && <PredictionDetails prediction={data} />}
    </Card>
  );
}

function PredictionDetails({ prediction }: { prediction: ServicePrediction }) {
  const { t } = useI18n();
  const format = useFormat();
  const missing = t('common.notGiven');
  const km = (value: number) => t('common.km', { value: format.number(value) });
  const { based_on: base, interval } = prediction;
  const outcome = ({ due_by: dueBy, next_service_date: date, next_service_mileage: mileage }: ServicePrediction) => {
    if (dueBy === 'distance' && mileage != null) {
      return date == null
        ? t('cars.outcome.distanceNoDate', { mileage: km(mileage) })
        : t('cars.outcome.distance', { mileage: km(mileage), date: format.date(date) });
    }
    if (dueBy === 'time' && date != null) return t('cars.outcome.time', { date: format.date(date) });
    return t('cars.outcome.none');
  };
  const baseText = t(base.source === 'last_service' ? 'cars.basedOnService' : 'cars.basedOnInitial', {
    date: format.date(base.date),
    mileage: km(base.mileage),
  });
  const intervalParts = [
    interval.distance_km == null ? null : km(interval.distance_km),
    interval.months == null ? null : t('cars.months', { value: interval.months }),
  ].filter((part) => part !== null);
  const intervalText = intervalParts.length === 0 ? missing : intervalParts.join(t('cars.or'));
  const pace =
    prediction.average_daily_mileage == null
      ? t('cars.noPace')
      : t('cars.pace', { value: format.number(Number(prediction.average_daily_mileage), 1) });

  return (
    <Descriptions column={1} size="small">
      <Descriptions.Item label={t('cars.predictedDate')}>
        {prediction.next_service_date == null ? missing : format.date(prediction.next_service_date)}
      </Descriptions.Item>
      <Descriptions.Item label={t('cars.predictedMileage')}>
        {prediction.next_service_mileage == null ? missing : km(prediction.next_service_mileage)}
      </Descriptions.Item>
      <Descriptions.Item label={t('cars.dueBy')}>
        {prediction.due_by == null ? missing : t(`cars.dueBy.${prediction.due_by}`)}
      </Descriptions.Item>
      <Descriptions.Item label={t('cars.basedOn')}>{baseText}</Descriptions.Item>
      <Descriptions.Item label={t('cars.interval')}>
        {`${intervalText} (${t(`cars.intervalSource.${prediction.interval_source}`)})`}
      </Descriptions.Item>
      <Descriptions.Item label={t('cars.predictionReason')}>
        {/* The API words its reason in English; the garage reads it in its own language, the API's on hover. */}
        <span title={prediction.reason}>{`${outcome(prediction)} ${pace}`}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}
