'use client';

import type { RegionHealth, ServiceHealth } from '@cloudpc/api-client';
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { formatDate } from '../format.ts';
import type { Loadable } from '../loadable.ts';
import { DiagnosticsTable } from './diagnostics-table.tsx';
import { DiagnosticsFrame, Figure, formatMs, HealthBadge, Loaded, useFrameStyles } from './frame.tsx';

const useStyles = makeStyles({
  regions: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  history: { display: 'flex', gap: '1px', alignItems: 'flex-end', height: '24px' },
  cell: { flexGrow: 1, minWidth: '2px', height: '100%' },
  ok: { backgroundColor: tokens.colorPaletteGreenBackground3 },
  degraded: { backgroundColor: tokens.colorPaletteYellowBackground3 },
  down: { backgroundColor: tokens.colorPaletteRedBackground3 },
  unknown: { backgroundColor: tokens.colorNeutralBackground5 },
});

/** Worker samples as a strip of coloured cells, oldest left; counts spelled out for screen readers. */
function HistoryStrip({ region }: { region: RegionHealth }) {
  const styles = useStyles();
  const counts = region.history.reduce<Record<string, number>>((sum, point) => {
    sum[point.status] = (sum[point.status] ?? 0) + 1;
    return sum;
  }, {});
  const summary =
    region.history.length === 0
      ? 'No samples in this period.'
      : `${region.history.length} samples: ${Object.entries(counts)
          .map(([status, count]) => `${count} ${status}`)
          .join(', ')}.`;
  return (
    <div>
      <div className={styles.history} role="img" aria-label={`History of ${region.region}. ${summary}`}>
        {region.history.slice(-180).map((point) => (
          <span
            key={point.at}
            className={`${styles.cell} ${styles[point.status]}`}
            title={`${formatDate(point.at)}: ${point.status}`}
          />
        ))}
      </div>
      <Text size={200}>{summary}</Text>
    </div>
  );
}

export function RegionCard({ region }: { region: RegionHealth }) {
  const styles = useFrameStyles();
  return (
    <section className={styles.surface} aria-label={`Region ${region.region}`}>
      <Text as="h2" size={500} weight="semibold">
        {region.region} <HealthBadge status={region.status} />
      </Text>
      <div className={styles.figures}>
        <Figure label="Queue depth" value={region.queueDepth ?? '—'} />
        <Figure label="Poison messages" value={region.poisonQueueDepth ?? '—'} />
        <Figure
          label="Last worker heartbeat"
          value={<Text size={300}>{formatDate(region.lastHeartbeatDateTime)}</Text>}
        />
      </div>
      <DiagnosticsTable
        title={`Checks in ${region.region}`}
        fileName={`health-${region.region}`}
        rows={region.checks}
        rowKey={(check) => check.name}
        emptyText="No checks reported."
        columns={[
          { header: 'Check', value: (check) => check.name },
          {
            header: 'Status',
            value: (check) => check.status,
            render: (check) => <HealthBadge status={check.status} />,
          },
          {
            header: 'Latency',
            value: (check) => check.latencyMs,
            render: (check) => formatMs(check.latencyMs),
          },
          { header: 'Details', value: (check) => check.message },
          {
            header: 'Observed',
            value: (check) => check.observedDateTime,
            render: (check) => formatDate(check.observedDateTime),
          },
        ]}
      />
      <HistoryStrip region={region} />
    </section>
  );
}

export function HealthView(props: { health: Loadable<ServiceHealth>; onRefresh: () => void }) {
  const styles = useStyles();
  return (
    <DiagnosticsFrame
      title="Service health"
      description="Each region's worker, Cosmos DB, queues and identity as the workers sample them, with the last hours of history."
      onRefresh={props.onRefresh}
      isRefreshing={props.health.status === 'success' && props.health.isRefreshing}
    >
      <Loaded data={props.health} what="service health">
        {(health) => (
          <>
            <Text>
              Served by {health.servedByRegion} at {formatDate(health.generatedDateTime)}.
            </Text>
            <div className={styles.regions}>
              {health.regions.map((region) => (
                <RegionCard key={region.region} region={region} />
              ))}
            </div>
          </>
        )}
      </Loaded>
    </DiagnosticsFrame>
  );
}
