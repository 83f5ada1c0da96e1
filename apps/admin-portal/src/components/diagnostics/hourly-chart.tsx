'use client';

import { VerticalStackedBarChart } from '@fluentui/react-charts';
import { makeStyles } from '@fluentui/react-components';

export interface HourlySeries {
  legend: string;
  color: string;
}

export interface HourlyChartProps {
  title: string;
  series: readonly HourlySeries[];
  points: readonly { hourStart: string; values: readonly number[] }[];
}

const useStyles = makeStyles({ root: { width: '100%', minHeight: '240px' } });

const hourLabel = new Intl.DateTimeFormat('en-US', { hour: 'numeric', hour12: false, timeZone: 'UTC' });

/**
 * Counts per hour as stacked bars (Fluent's chart). The same numbers are in the table
 * next to it, which is what screen readers and the CSV export use.
 */
export function HourlyChart(props: HourlyChartProps) {
  const styles = useStyles();
  const data = props.points.map((point) => ({
    xAxisPoint: `${hourLabel.format(new Date(point.hourStart))}:00`,
    chartData: props.series.map((series, index) => ({
      legend: series.legend,
      data: point.values[index] ?? 0,
      color: series.color,
    })),
  }));
  return (
    <figure className={styles.root} aria-label={props.title}>
      <VerticalStackedBarChart data={data} chartTitle={props.title} height={240} hideLegend={false} />
    </figure>
  );
}
