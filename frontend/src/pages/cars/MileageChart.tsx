import { Empty } from 'antd';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MileageReading } from '../../api/types';
import { useChartStyle } from '../../components/chartStyle';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';

/** The chart's size until its container is measured (and where nothing measures it, as in tests). */
const INITIAL_SIZE = { width: 640, height: 260 };

/** Room above and below the readings, so that a single reading does not get a 1 km scale. */
const MARGIN_KM = 1000;

/** The odometer readings of a car over time, spaced by when they were taken. */
export function MileageChart({ readings }: { readings: readonly MileageReading[] }) {
  const { t } = useI18n();
  const format = useFormat();
  const style = useChartStyle();
  if (readings.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cars.noReadings')} />;
  const points = readings.map((reading) => ({
    time: Date.parse(reading.recorded_at),
    recordedAt: reading.recorded_at,
    mileage: reading.mileage,
  }));
  const km = (value: number) => t('common.km', { value: format.number(value) });
  return (
    // Left to right for Recharts' SVG text; Arabic mirrors through the axes (see charts.tsx).
    <div dir="ltr">
      <ResponsiveContainer width="100%" height={INITIAL_SIZE.height} initialDimension={INITIAL_SIZE}>
        <LineChart
          data={points}
          // Room for the last date label, on the side where time ends.
          margin={style.rtl ? { top: 8, right: 16, bottom: 8, left: 48 } : { top: 8, right: 48, bottom: 8, left: 16 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke={style.gridStroke} />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tick={style.xTick}
            stroke={style.axisStroke}
            reversed={style.rtl}
            tickFormatter={format.day}
          />
          <YAxis
            tick={style.tick}
            stroke={style.axisStroke}
            orientation={style.rtl ? 'right' : 'left'}
            width={90}
            domain={[(min: number) => Math.max(0, min - MARGIN_KM), (max: number) => max + MARGIN_KM]}
            allowDecimals={false}
            tickFormatter={km}
          />
          <Tooltip
            {...style.tooltip}
            labelFormatter={(_, payload) => {
              const recordedAt: unknown = payload[0]?.payload?.recordedAt;
              return typeof recordedAt === 'string' ? format.dateTime(recordedAt) : '';
            }}
            formatter={(value) => km(Number(value))}
          />
          <Line type="monotone" dataKey="mileage" name={t('cars.mileage')} stroke={style.primary} strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
