'use client';

import type { Alert } from '@cloudpc/api-client';
import { Badge, Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import NextLink from 'next/link';
import { formatDate } from '../format.ts';
import type { Loadable } from '../loadable.ts';
import { DiagnosticsTable } from './diagnostics-table.tsx';
import { DiagnosticsFrame, Loaded, useFrameStyles } from './frame.tsx';

const SEVERITY_COLOR = {
  high: 'danger',
  medium: 'warning',
  low: 'informative',
  informational: 'subtle',
} as const;

const useStyles = makeStyles({
  message: { maxWidth: '48ch' },
  acked: { color: tokens.colorNeutralForeground3 },
});

export interface AlertTableProps {
  alerts: readonly Alert[];
  /** Id being acknowledged now, if any. */
  acknowledging?: string | undefined;
  onAcknowledge: (id: string) => void;
  onExport?: (csv: string) => void;
}

export function AlertTable(props: AlertTableProps) {
  const styles = useStyles();
  const frame = useFrameStyles();
  return (
    <DiagnosticsTable
      title="Alerts"
      fileName="alerts"
      rows={props.alerts}
      rowKey={(alert) => alert.id}
      emptyText="No alerts. The workers evaluate the rules every 30 seconds."
      {...(props.onExport ? { onExport: props.onExport } : {})}
      columns={[
        {
          header: 'Severity',
          value: (alert) => alert.severity,
          render: (alert) => (
            <Badge appearance="filled" color={SEVERITY_COLOR[alert.severity]}>
              {alert.severity}
            </Badge>
          ),
        },
        {
          header: 'Alert',
          value: (alert) => alert.title,
          render: (alert) =>
            alert.link ? (
              <NextLink className={frame.link} href={alert.link}>
                {alert.title}
              </NextLink>
            ) : (
              alert.title
            ),
        },
        {
          header: 'Details',
          value: (alert) => alert.message,
          render: (alert) => <Text className={styles.message}>{alert.message}</Text>,
        },
        { header: 'State', value: (alert) => alert.status },
        {
          header: 'Since',
          value: (alert) => alert.firstDateTime,
          render: (alert) => formatDate(alert.firstDateTime),
        },
        {
          header: 'Acknowledged',
          value: (alert) =>
            alert.acknowledgedBy ? `${alert.acknowledgedBy} ${alert.acknowledgedDateTime ?? ''}` : '',
          render: (alert) =>
            alert.acknowledgedBy ? (
              <Text className={styles.acked}>
                {alert.acknowledgedBy}, {formatDate(alert.acknowledgedDateTime)}
              </Text>
            ) : alert.status === 'active' ? (
              <Button
                size="small"
                disabledFocusable={props.acknowledging === alert.id}
                onClick={() => props.onAcknowledge(alert.id)}
                aria-label={`Acknowledge ${alert.title}`}
              >
                {props.acknowledging === alert.id ? 'Acknowledging…' : 'Acknowledge'}
              </Button>
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}

export function AlertsView(props: {
  alerts: Loadable<Alert[]>;
  acknowledging?: string | undefined;
  onAcknowledge: (id: string) => void;
  onRefresh: () => void;
}) {
  const styles = useFrameStyles();
  return (
    <DiagnosticsFrame
      title="Alerts"
      description="Provisioning failures over the threshold, inaccessible Cloud PCs, grace periods ending and unhealthy regions."
      onRefresh={props.onRefresh}
      isRefreshing={props.alerts.status === 'success' && props.alerts.isRefreshing}
    >
      <div className={styles.surface}>
        <Loaded data={props.alerts} what="alerts">
          {(alerts) => (
            <AlertTable
              alerts={alerts}
              acknowledging={props.acknowledging}
              onAcknowledge={props.onAcknowledge}
            />
          )}
        </Loaded>
      </div>
    </DiagnosticsFrame>
  );
}
