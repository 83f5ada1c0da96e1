'use client';

import { makeStyles, Text, tokens } from '@fluentui/react-components';

export interface HourlySeries {
  legend: string;
  color: string;
}

export interface HourlyChartProps {
  title: string;
  series: readonly HourlySeries[];
  points: readonly { hourStart: string; values: readonly number[] }[];
}

const useStyles = makeStyles({
  root: { margin: 0, display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  svg: { width: '100%', height: '200px', overflow: 'visible' },
  axis: { stroke: tokens.colorNeutralStroke1 },
  label: { fill: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase100 },
  legend: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, margin: 0, padding: 0 },
  legendItem: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    listStyleType: 'none',
  },
  swatch: { width: '12px', height: '12px', borderRadius: tokens.borderRadiusSmall },
});

const hourLabel = new Intl.DateTimeFormat('en-US', { hour: '2-digit', hour12: false, timeZone: 'UTC' });

/** What the chart shows, in words: the image's accessible name. */
export function describeChart(props: HourlyChartProps): string {
  const totals = props.series.map((series, index) => ({
    legend: series.legend,
    total: props.points.reduce((sum, point) => sum + (point.values[index] ?? 0), 0),
  }));
  if (props.points.length === 0) return `${props.title}: no data in this period.`;
  return `${props.title}, ${props.points.length} hours: ${totals.map((entry) => `${entry.total} ${entry.legend}`).join(', ')}.`;
}

const WIDTH = 720;
const HEIGHT = 200;
const LEFT = 32;
const BOTTOM = 18;

/**
 * Counts per UTC hour as stacked bars: plain SVG coloured with Fluent tokens (ADR 0008 says
 * why not @fluentui/react-charts). It is one image with a spoken summary; the table beside
 * it holds the same numbers for reading and CSV.
 */
export function HourlyChart(props: HourlyChartProps) {
  const styles = useStyles();
  const max = Math.max(
    1,
    ...props.points.map((point) => point.values.reduce((sum, value) => sum + value, 0)),
  );
  const slot = (WIDTH - LEFT) / Math.max(1, props.points.length);
  const barWidth = Math.max(2, Math.min(28, slot * 0.7));
  const plotHeight = HEIGHT - BOTTOM;
  return (
    <figure className={styles.root}>
      <Text as="h3" size={300} weight="semibold">
        {props.title}
      </Text>
      <svg
        className={styles.svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={describeChart(props)}
      >
        <line className={styles.axis} x1={LEFT} x2={WIDTH} y1={plotHeight} y2={plotHeight} />
        <text className={styles.label} x={LEFT - 4} y={10} textAnchor="end">
          {max}
        </text>
        <text className={styles.label} x={LEFT - 4} y={plotHeight} textAnchor="end">
          0
        </text>
        {props.points.map((point, pointIndex) => {
          let y = plotHeight;
          const x = LEFT + pointIndex * slot + (slot - barWidth) / 2;
          return (
            <g key={point.hourStart}>
              {props.series.map((series, index) => {
                const value = point.values[index] ?? 0;
                const height = (value / max) * (plotHeight - 4);
                y -= height;
                return value > 0 ? (
                  <rect
                    key={series.legend}
                    x={x}
                    y={y}
                    width={barWidth}
                    height={height}
                    fill={series.color}
                  />
                ) : null;
              })}
              {props.points.length <= 24 || pointIndex % 3 === 0 ? (
                <text className={styles.label} x={x + barWidth / 2} y={HEIGHT - 4} textAnchor="middle">
                  {hourLabel.format(new Date(point.hourStart))}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <ul className={styles.legend} aria-label="Legend">
        {props.series.map((series) => (
          <li key={series.legend} className={styles.legendItem}>
            <span className={styles.swatch} style={{ backgroundColor: series.color }} />
            {series.legend}
          </li>
        ))}
      </ul>
    </figure>
  );
}
