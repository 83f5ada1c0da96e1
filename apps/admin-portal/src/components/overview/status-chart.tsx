'use client';

import { CLOUD_PC_STATUS_DISPLAY, type CloudPcStatusName } from '@cloudpc/ui';
import { makeStyles, tokens } from '@fluentui/react-components';

/**
 * Cloud PCs by status as a horizontal bar chart: plain SVG filled with Fluent tokens, so it
 * follows the theme and costs no charting library (the first-load budget is 300 KB gzip;
 * docs/adr/0007-admin-read-models.md). The SVG is one image with a text alternative that
 * lists every bar; the counts also appear as text beside the chart.
 */
export interface StatusChartProps {
  counts: readonly { status: CloudPcStatusName; count: number }[];
}

/** A bar colour per badge colour, from the theme's palette (dark and light themes differ). */
const BAR_FILL: Record<string, string> = {
  success: tokens.colorPaletteGreenBackground3,
  warning: tokens.colorPaletteDarkOrangeBackground3,
  brand: tokens.colorBrandBackground,
  informative: tokens.colorPaletteBlueBorderActive,
  danger: tokens.colorPaletteRedBackground3,
  subtle: tokens.colorNeutralStrokeAccessible,
};

const useStyles = makeStyles({
  svg: { width: '100%', maxWidth: '720px', height: 'auto', display: 'block', overflow: 'visible' },
  label: { fill: tokens.colorNeutralForeground1, fontSize: '13px', fontFamily: tokens.fontFamilyBase },
  value: {
    fill: tokens.colorNeutralForeground1,
    fontSize: '13px',
    fontFamily: tokens.fontFamilyBase,
    fontVariantNumeric: 'tabular-nums',
  },
  track: { fill: tokens.colorNeutralBackground3 },
});

const ROW = 28;
const LABEL_WIDTH = 190;
const BAR_WIDTH = 440;
const WIDTH = LABEL_WIDTH + BAR_WIDTH + 60;

export function StatusChart({ counts }: StatusChartProps) {
  const styles = useStyles();
  const max = Math.max(1, ...counts.map((entry) => entry.count));
  const description = counts
    .map(({ status, count }) => `${CLOUD_PC_STATUS_DISPLAY[status].label}: ${count}`)
    .join(', ');
  return (
    <svg
      className={styles.svg}
      viewBox={`0 0 ${WIDTH} ${counts.length * ROW}`}
      role="img"
      aria-label={`Bar chart of Cloud PCs by status. ${description}.`}
    >
      {counts.map(({ status, count }, index) => {
        const display = CLOUD_PC_STATUS_DISPLAY[status];
        const width = count === 0 ? 0 : Math.max(3, (count / max) * BAR_WIDTH);
        const y = index * ROW;
        return (
          <g key={status}>
            <text x={0} y={y + ROW / 2} dominantBaseline="middle" className={styles.label}>
              {display.label}
            </text>
            <rect
              x={LABEL_WIDTH}
              y={y + 6}
              width={BAR_WIDTH}
              height={ROW - 12}
              rx={3}
              className={styles.track}
            />
            <rect
              x={LABEL_WIDTH}
              y={y + 6}
              width={width}
              height={ROW - 12}
              rx={3}
              style={{ fill: BAR_FILL[display.color ?? 'subtle'] ?? BAR_FILL.subtle }}
            />
            <text
              x={LABEL_WIDTH + BAR_WIDTH + 10}
              y={y + ROW / 2}
              dominantBaseline="middle"
              className={styles.value}
            >
              {count}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
