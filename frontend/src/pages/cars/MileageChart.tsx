import { Empty } from 'antd';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MileageReading } from '../../api/types';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';

/** The odometer readings of a car over time. */
export function MileageChart({ readings }: { readings: readonly MileageReading[] }) {
  const { t } = useI18n();
  const format = useFormat();
  if (readings.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cars.noReadings')} />;
  const points = readings.map((reading) => ({ date: format.dateTime(reading.recorded_at), mileage: reading.mileage }));
  return (
    <ResponsiveContainer width="100%" height={260}>
      <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 16 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="date" tick={{ fontSize: 12 }} />
        <YAxis tick={{ fontSize: 12 }} width={80} tickFormatter={(value: number) => format.number(value)} />
        <Tooltip formatter={(value) => t('common.km', { value: format.number(Number(value)) })} />
        <Line type="monotone" dataKey="mileage" name={t('cars.mileage')} stroke="#1677ff" strokeWidth={2} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
