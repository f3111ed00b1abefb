import type { CSSProperties } from 'react';
import { theme } from 'antd';
import { useI18n } from '../i18n/I18nProvider';

/** Colours and sides for a Recharts chart, from the theme and the writing direction. */
export interface ChartStyle {
  /** Axis labels: readable on the light and the dark background. */
  tick: { fontSize: number; fill: string };
  /**
   * The labels under the chart, centred on their tick. In Arabic they are set right to
   * left: a date comes from Intl with direction marks (07‏/12‏/2026) that only read
   * correctly in a right-to-left line, and centring does not depend on the direction.
   */
  xTick: { fontSize: number; fill: string; direction: 'ltr' | 'rtl' };
  axisStroke: string;
  gridStroke: string;
  /** The tooltip box, which Recharts otherwise paints white. */
  tooltip: { contentStyle: CSSProperties; labelStyle: CSSProperties; itemStyle: CSSProperties };
  cursorFill: string;
  /** The colour of a single series. */
  primary: string;
  /** In Arabic the chart is mirrored: the value axis on the right, time running right to left. */
  rtl: boolean;
}

/** The chart style of the current theme and language. */
export function useChartStyle(): ChartStyle {
  const { token } = theme.useToken();
  const { direction } = useI18n();
  return {
    tick: { fontSize: 12, fill: token.colorTextSecondary },
    xTick: { fontSize: 12, fill: token.colorTextSecondary, direction },
    axisStroke: token.colorBorder,
    gridStroke: token.colorBorderSecondary,
    tooltip: {
      contentStyle: {
        background: token.colorBgElevated,
        borderColor: token.colorBorder,
        borderRadius: token.borderRadius,
      },
      labelStyle: { color: token.colorText },
      itemStyle: { color: token.colorText },
    },
    cursorFill: token.controlItemBgHover,
    primary: token.colorPrimary,
    rtl: direction === 'rtl',
  };
}
