import { Empty } from 'antd';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useChartStyle } from '../../components/chartStyle';
import { useI18n } from '../../i18n/I18nProvider';

/** One bar: its label, its height, and the text shown for it. */
export interface BarDatum {
  label: string;
  value: number;
  text: string;
  color?: string;
}

/**
 * A bar chart. Heights are numbers (a chart needs them), but every figure shown in
 * words is the exact `text` given, formatted from the API's decimal strings.
 */
export function SimpleBarChart({
  data,
  name,
  counts = false,
}: {
  data: readonly BarDatum[];
  name: string;
  /** Whole numbers (services): no 0.25 step on the axis. */
  counts?: boolean;
}) {
  const { t } = useI18n();
  const style = useChartStyle();
  if (data.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.noData')} />;
  return (
    // Laid out left to right: Recharts anchors SVG text with `text-anchor`, which an
    // inherited `direction: rtl` turns around. Arabic mirrors through the axes instead.
    <div dir="ltr">
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={[...data]} margin={{ top: 8, right: 16, bottom: 8, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={style.gridStroke} />
          <XAxis dataKey="label" tick={style.xTick} stroke={style.axisStroke} reversed={style.rtl} />
          <YAxis
            tick={style.tick}
            stroke={style.axisStroke}
            width={80}
            orientation={style.rtl ? 'right' : 'left'}
            allowDecimals={!counts}
          />
          <Tooltip
            {...style.tooltip}
            cursor={{ fill: style.cursorFill }}
            formatter={(_value, _name, item) => [(item.payload as BarDatum).text, name]}
          />
          <Bar dataKey="value" name={name} isAnimationActive={false}>
            {data.map((datum) => (
              <Cell key={datum.label} fill={datum.color ?? style.primary} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
