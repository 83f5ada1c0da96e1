'use client';

import type { Pipeline } from '@cloudpc/api-client';
import { tokens } from '@fluentui/react-components';
import NextLink from 'next/link';
import { formatDate } from '../format.ts';
import type { Loadable } from '../loadable.ts';
import { CopyableId } from './copyable-id.tsx';
import { DiagnosticsTable } from './diagnostics-table.tsx';
import { DiagnosticsFrame, Figure, formatMs, formatRate, Loaded, useFrameStyles } from './frame.tsx';
import { HourlyChart } from './hourly-chart.tsx';
import { timelineHref } from './unavailable-view.tsx';

export function PipelineBody({ pipeline }: { pipeline: Pipeline }) {
  const styles = useFrameStyles();
  const cloudPcLink = (id: string | null) =>
    id ? (
      <NextLink className={styles.link} href={timelineHref(id)}>
        Timeline
      </NextLink>
    ) : (
      '—'
    );
  return (
    <>
      <section className={styles.surface} aria-label="Jobs by state">
        <div className={styles.figures}>
          <Figure label="Pending" value={pipeline.jobsByState.pending} />
          <Figure label="Running" value={pipeline.jobsByState.running} />
          <Figure label={`Succeeded (${pipeline.hours} h)`} value={pipeline.jobsByState.succeeded} />
          <Figure label={`Failed (${pipeline.hours} h)`} value={pipeline.jobsByState.failed} />
          <Figure label="Poison messages" value={pipeline.poisonMessages} />
        </div>
        <HourlyChart
          title="Finished jobs per hour (UTC)"
          series={[
            { legend: 'Succeeded', color: tokens.colorPaletteGreenBackground3 },
            { legend: 'Failed', color: tokens.colorPaletteRedBackground3 },
          ]}
          points={pipeline.hourly.map((hour) => ({
            hourStart: hour.hourStart,
            values: [hour.succeeded, hour.failed],
          }))}
        />
      </section>
      <section className={styles.surface}>
        <DiagnosticsTable
          title="Failures by error code"
          fileName="failures-by-code"
          rows={pipeline.failures}
          rowKey={(row) => row.code}
          emptyText="No job failed in this period."
          columns={[
            { header: 'Error code', value: (row) => row.code },
            { header: 'Count', value: (row) => row.count },
            { header: 'Jobs', value: (row) => row.kinds.join(', ') },
            { header: 'What happened', value: (row) => row.message },
            { header: 'Recommended action', value: (row) => row.recommendedAction },
            {
              header: 'Last',
              value: (row) => row.lastDateTime,
              render: (row) => formatDate(row.lastDateTime),
            },
            {
              header: 'Last Cloud PC',
              value: (row) => row.lastCloudPcId,
              render: (row) => cloudPcLink(row.lastCloudPcId),
            },
            { header: 'Last job id', value: (row) => row.lastJobId, isCsvOnly: true },
          ]}
        />
      </section>
      <section className={styles.surface}>
        <DiagnosticsTable
          title="Jobs by kind"
          fileName="jobs-by-kind"
          rows={pipeline.kinds}
          rowKey={(row) => row.kind}
          emptyText="No job finished in this period."
          columns={[
            { header: 'Kind', value: (row) => row.kind },
            { header: 'Succeeded', value: (row) => row.succeeded },
            { header: 'Failed', value: (row) => row.failed },
            { header: 'Cancelled', value: (row) => row.cancelled },
            {
              header: 'Success rate',
              value: (row) => row.successRate,
              render: (row) => formatRate(row.successRate),
            },
            { header: 'p50', value: (row) => row.p50Ms, render: (row) => formatMs(row.p50Ms) },
            { header: 'p95', value: (row) => row.p95Ms, render: (row) => formatMs(row.p95Ms) },
          ]}
        />
      </section>
      <section className={styles.surface}>
        <DiagnosticsTable
          title="Stuck jobs"
          fileName="stuck-jobs"
          rows={pipeline.stuckJobs}
          rowKey={(row) => row.jobId}
          emptyText="No job is stuck: no expired lease, retry or long wait."
          columns={[
            {
              header: 'Job id',
              value: (row) => row.jobId,
              render: (row) => <CopyableId value={row.jobId} label="job id" />,
            },
            { header: 'Kind', value: (row) => row.kind },
            { header: 'Reason', value: (row) => row.reason },
            { header: 'Attempts', value: (row) => `${row.attempts}/${row.maxAttempts}` },
            { header: 'Last error', value: (row) => row.errorCode },
            {
              header: 'Since',
              value: (row) => row.createdDateTime,
              render: (row) => formatDate(row.createdDateTime),
            },
            {
              header: 'Cloud PC',
              value: (row) => row.cloudPcId,
              render: (row) => cloudPcLink(row.cloudPcId),
            },
          ]}
        />
      </section>
      <section className={styles.surface}>
        <DiagnosticsTable
          title="Queues"
          fileName="queues"
          rows={pipeline.queues}
          rowKey={(row) => row.region}
          emptyText="No worker has reported its queue yet."
          columns={[
            { header: 'Region', value: (row) => row.region },
            { header: 'Depth', value: (row) => row.depth },
            { header: 'Poison', value: (row) => row.poisonDepth },
            {
              header: 'Observed',
              value: (row) => row.observedDateTime,
              render: (row) => formatDate(row.observedDateTime),
            },
          ]}
        />
      </section>
    </>
  );
}

export function PipelineView(props: { pipeline: Loadable<Pipeline>; onRefresh: () => void }) {
  return (
    <DiagnosticsFrame
      title="Provisioning pipeline"
      description="Queue depth, jobs by state, latency, failures by error code and stuck work over the last 24 hours."
      onRefresh={props.onRefresh}
      isRefreshing={props.pipeline.status === 'success' && props.pipeline.isRefreshing}
    >
      <Loaded data={props.pipeline} what="the pipeline">
        {(pipeline) => <PipelineBody pipeline={pipeline} />}
      </Loaded>
    </DiagnosticsFrame>
  );
}
