'use client';

import type { ConnectionQuality } from '@cloudpc/api-client';
import { tokens } from '@fluentui/react-components';
import NextLink from 'next/link';
import type { Loadable } from '../loadable.ts';
import { DiagnosticsTable } from './diagnostics-table.tsx';
import { DiagnosticsFrame, Figure, formatMs, formatRate, Loaded, useFrameStyles } from './frame.tsx';
import { HourlyChart } from './hourly-chart.tsx';
import { timelineHref } from './unavailable-view.tsx';

const RTT_SERIES = [
  { legend: 'Good (< 100 ms)', color: tokens.colorPaletteGreenBackground3 },
  { legend: 'Average (100-200 ms)', color: tokens.colorPaletteYellowBackground3 },
  { legend: 'High (> 200 ms)', color: tokens.colorPaletteRedBackground3 },
];

export function ConnectionsBody({ quality }: { quality: ConnectionQuality }) {
  const styles = useFrameStyles();
  const { overall } = quality;
  return (
    <>
      <section className={styles.surface} aria-label="Connection quality">
        <div className={styles.figures}>
          <Figure label="Connection attempts" value={overall.attempts} />
          <Figure label="Success rate" value={formatRate(overall.successRate)} />
          <Figure
            label="Time to connect p50 / p95"
            value={`${formatMs(overall.timeToConnectP50Ms)} / ${formatMs(overall.timeToConnectP95Ms)}`}
          />
          <Figure
            label="Round trip p50 / p95"
            value={`${formatMs(overall.roundTripP50Ms)} / ${formatMs(overall.roundTripP95Ms)}`}
          />
        </div>
        <HourlyChart
          title="Round-trip samples per hour by Windows 365 bucket (UTC)"
          series={RTT_SERIES}
          points={quality.hourly.map((hour) => ({
            hourStart: hour.hourStart,
            values: [hour.roundTrip.good, hour.roundTrip.average, hour.roundTrip.high],
          }))}
        />
      </section>
      <section className={styles.surface}>
        <DiagnosticsTable
          title="By region"
          fileName="connection-quality-by-region"
          rows={quality.regions}
          rowKey={(row) => row.region}
          emptyText="No connection in this period."
          columns={[
            { header: 'Region', value: (row) => row.region },
            { header: 'Attempts', value: (row) => row.attempts },
            {
              header: 'Success rate',
              value: (row) => row.successRate,
              render: (row) => formatRate(row.successRate),
            },
            {
              header: 'Connect p50',
              value: (row) => row.timeToConnectP50Ms,
              render: (row) => formatMs(row.timeToConnectP50Ms),
            },
            {
              header: 'Connect p95',
              value: (row) => row.timeToConnectP95Ms,
              render: (row) => formatMs(row.timeToConnectP95Ms),
            },
            { header: 'RTT good', value: (row) => row.roundTrip.good },
            { header: 'RTT average', value: (row) => row.roundTrip.average },
            { header: 'RTT high', value: (row) => row.roundTrip.high },
          ]}
        />
      </section>
      <section className={styles.surface}>
        <DiagnosticsTable
          title="By Cloud PC (worst first)"
          fileName="connection-quality-by-cloud-pc"
          rows={quality.cloudPcs}
          rowKey={(row) => row.cloudPcId}
          emptyText="No connection in this period."
          columns={[
            {
              header: 'Cloud PC',
              value: (row) => row.displayName ?? row.cloudPcId,
              render: (row) => (
                <NextLink className={styles.link} href={timelineHref(row.cloudPcId)}>
                  {row.displayName ?? row.cloudPcId}
                </NextLink>
              ),
            },
            { header: 'Attempts', value: (row) => row.attempts },
            { header: 'Connected', value: (row) => row.connected },
            {
              header: 'Success rate',
              value: (row) => row.successRate,
              render: (row) => formatRate(row.successRate),
            },
            { header: 'RTT good', value: (row) => row.roundTrip.good },
            { header: 'RTT average', value: (row) => row.roundTrip.average },
            { header: 'RTT high', value: (row) => row.roundTrip.high },
            { header: 'Cloud PC id', value: (row) => row.cloudPcId, isCsvOnly: true },
          ]}
        />
      </section>
    </>
  );
}

export function ConnectionsView(props: { quality: Loadable<ConnectionQuality>; onRefresh: () => void }) {
  return (
    <DiagnosticsFrame
      title="Connection quality"
      description="Connection success, time to connect and round-trip time in the Windows 365 buckets, last 24 hours."
      onRefresh={props.onRefresh}
      isRefreshing={props.quality.status === 'success' && props.quality.isRefreshing}
    >
      <Loaded data={props.quality} what="connection quality">
        {(quality) => <ConnectionsBody quality={quality} />}
      </Loaded>
    </DiagnosticsFrame>
  );
}
