'use client';

import { createDiagnosticsMutations, createDiagnosticsQueries } from '@cloudpc/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import { useApi } from '../../data/api-context.tsx';
import { loadableFrom } from '../loadable.ts';
import { AlertsView } from './alerts-view.tsx';
import { ConnectionsView } from './connections-view.tsx';
import { HealthView } from './health-view.tsx';
import { DiagnosticsOverviewView } from './overview-view.tsx';
import { PipelineView } from './pipeline-view.tsx';
import { TimelineView } from './timeline-view.tsx';
import { UnavailableView } from './unavailable-view.tsx';

/** The diagnostics pages' data: each page wires its queries to a pure view. */
function useDiagnostics() {
  const { api } = useApi();
  const queryClient = useQueryClient();
  return useMemo(
    () => ({
      queries: createDiagnosticsQueries(api),
      mutations: createDiagnosticsMutations(api, queryClient),
    }),
    [api, queryClient],
  );
}

function useAcknowledge() {
  const { mutations } = useDiagnostics();
  const acknowledge = useMutation(mutations.acknowledgeAlert);
  return {
    acknowledging: acknowledge.isPending ? acknowledge.variables : undefined,
    onAcknowledge: (id: string) => acknowledge.mutate(id),
  };
}

export function DiagnosticsOverviewPage() {
  const { queries } = useDiagnostics();
  const health = useQuery(queries.serviceHealth(1));
  const alerts = useQuery(queries.alerts());
  const unavailable = useQuery(queries.unavailableCloudPcs());
  const pipeline = useQuery(queries.pipeline(24));
  const acknowledge = useAcknowledge();
  return (
    <DiagnosticsOverviewView
      health={loadableFrom(health)}
      alerts={loadableFrom(alerts)}
      unavailable={loadableFrom(unavailable)}
      pipeline={loadableFrom(pipeline)}
      {...acknowledge}
      onRefresh={() => {
        void health.refetch();
        void alerts.refetch();
        void unavailable.refetch();
        void pipeline.refetch();
      }}
    />
  );
}

export function HealthPage() {
  const { queries } = useDiagnostics();
  const health = useQuery(queries.serviceHealth(6));
  return <HealthView health={loadableFrom(health)} onRefresh={() => void health.refetch()} />;
}

export function PipelinePage() {
  const { queries } = useDiagnostics();
  const pipeline = useQuery(queries.pipeline(24));
  return <PipelineView pipeline={loadableFrom(pipeline)} onRefresh={() => void pipeline.refetch()} />;
}

export function ConnectionsPage() {
  const { queries } = useDiagnostics();
  const quality = useQuery(queries.connectionQuality(24));
  return <ConnectionsView quality={loadableFrom(quality)} onRefresh={() => void quality.refetch()} />;
}

export function UnavailablePage() {
  const { queries } = useDiagnostics();
  const unavailable = useQuery(queries.unavailableCloudPcs());
  return <UnavailableView data={loadableFrom(unavailable)} onRefresh={() => void unavailable.refetch()} />;
}

export function AlertsPage() {
  const { queries } = useDiagnostics();
  const alerts = useQuery(queries.alerts());
  return (
    <AlertsView alerts={loadableFrom(alerts)} {...useAcknowledge()} onRefresh={() => void alerts.refetch()} />
  );
}

export function TimelineSearchPage() {
  const router = useRouter();
  return <TimelineView title="Troubleshooting timeline" onSearch={(href) => router.push(href)} />;
}

export function CloudPcTimelinePage({ id }: { id: string }) {
  const { queries } = useDiagnostics();
  const router = useRouter();
  const timeline = useQuery(queries.cloudPcTimeline(id));
  return (
    <TimelineView
      title="Cloud PC timeline"
      timeline={loadableFrom(timeline)}
      onSearch={(href) => router.push(href)}
      onRefresh={() => void timeline.refetch()}
    />
  );
}

export function UserTimelinePage({ id }: { id: string }) {
  const { queries } = useDiagnostics();
  const router = useRouter();
  const timeline = useQuery(queries.userTimeline(id));
  return (
    <TimelineView
      title="User timeline"
      timeline={loadableFrom(timeline)}
      onSearch={(href) => router.push(href)}
      onRefresh={() => void timeline.refetch()}
    />
  );
}
