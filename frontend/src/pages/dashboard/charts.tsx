import { Empty } from 'antd';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
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
export function SimpleBarChart({ data, name }: { data: readonly BarDatum[]; name: string }) {
  const { t } = useI18n();
  if (data.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.noData')} />;
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={[...data]} margin={{ top: 8, right: 16, bottom: 8, left: 16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={{ fontSize: 12 }} />
        <YAxis tick={{ fontSize: 12 }} width={80} />
        <Tooltip formatter={(_value, _name, item) => [(item.payload as BarDatum).text, name]} />
        <Bar dataKey="value" name={name} isAnimationActive={false}>
          {data.map((datum) => (
            <Cell key={datum.label} fill={datum.color ?? '#1677ff'} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
