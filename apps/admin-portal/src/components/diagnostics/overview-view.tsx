'use client';

import type { Alert, Pipeline, ServiceHealth, UnavailableCloudPcs } from '@cloudpc/api-client';
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import NextLink from 'next/link';
import type { Loadable } from '../loadable.ts';
import { AlertTable } from './alerts-view.tsx';
import { DiagnosticsTable } from './diagnostics-table.tsx';
import { DiagnosticsFrame, Figure, HealthBadge, Loaded, useFrameStyles } from './frame.tsx';
import { timelineHref, UnavailableTable } from './unavailable-view.tsx';

const useStyles = makeStyles({
  regions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXL },
});

export interface DiagnosticsOverviewProps {
  health: Loadable<ServiceHealth>;
  alerts: Loadable<Alert[]>;
  unavailable: Loadable<UnavailableCloudPcs>;
  pipeline: Loadable<Pipeline>;
  acknowledging?: string | undefined;
  onAcknowledge: (id: string) => void;
  onRefresh: () => void;
}

/** "Why can't this person work?": regions, active alerts and the Cloud PCs that are down, on one page. */
export function DiagnosticsOverviewView(props: DiagnosticsOverviewProps) {
  const styles = useStyles();
  const frame = useFrameStyles();
  const isRefreshing = [props.health, props.alerts, props.unavailable, props.pipeline].some(
    (data) => data.status === 'success' && data.isRefreshing,
  );
  return (
    <DiagnosticsFrame
      title="Diagnostics"
      description="Service health, alerts and the Cloud PCs people cannot use right now."
      onRefresh={props.onRefresh}
      isRefreshing={isRefreshing}
    >
      <section className={frame.surface} aria-label="Regions">
        <Text as="h2" size={500} weight="semibold">
          Regions
        </Text>
        <Loaded data={props.health} what="service health">
          {(health) => (
            <div className={styles.regions}>
              {health.regions.map((region) => (
                <Figure
                  key={region.region}
                  label={region.region}
                  value={
                    <NextLink className={frame.link} href="/diagnostics/health">
                      <HealthBadge status={region.status} />
                    </NextLink>
                  }
                />
              ))}
            </div>
          )}
        </Loaded>
      </section>
      <section className={frame.surface} aria-label="Unavailable Cloud PCs">
        <Loaded data={props.unavailable} what="unavailable Cloud PCs">
          {(unavailable) => <UnavailableTable rows={unavailable.value} />}
        </Loaded>
      </section>
      <section className={frame.surface} aria-label="Recent failures">
        <Loaded data={props.pipeline} what="recent failures">
          {(pipeline) => (
            <DiagnosticsTable
              title={`Job failures by error code (${pipeline.hours} h)`}
              fileName="recent-failures"
              rows={pipeline.failures.slice(0, 5)}
              rowKey={(row) => row.code}
              emptyText="No job failed in this period."
              columns={[
                { header: 'Error code', value: (row) => row.code },
                { header: 'Count', value: (row) => row.count },
                { header: 'Recommended action', value: (row) => row.recommendedAction },
                {
                  header: 'Last Cloud PC',
                  value: (row) => row.lastCloudPcId,
                  render: (row) =>
                    row.lastCloudPcId ? (
                      <NextLink className={frame.link} href={timelineHref(row.lastCloudPcId)}>
                        Timeline
                      </NextLink>
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
          )}
        </Loaded>
      </section>
      <section className={frame.surface} aria-label="Active alerts">
        <Loaded data={props.alerts} what="alerts">
          {(alerts) => (
            <AlertTable
              alerts={alerts.filter((alert) => alert.status === 'active')}
              acknowledging={props.acknowledging}
              onAcknowledge={props.onAcknowledge}
            />
          )}
        </Loaded>
      </section>
    </DiagnosticsFrame>
  );
}
