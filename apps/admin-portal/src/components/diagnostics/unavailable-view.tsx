'use client';

import type { UnavailableCloudPc, UnavailableCloudPcs } from '@cloudpc/api-client';
import { CloudPcStatusBadge, type CloudPcStatusName } from '@cloudpc/ui';
import NextLink from 'next/link';
import { formatDate } from '../format.ts';
import type { Loadable } from '../loadable.ts';
import { DiagnosticsTable } from './diagnostics-table.tsx';
import { DiagnosticsFrame, Loaded, useFrameStyles } from './frame.tsx';

export const timelineHref = (cloudPcId: string) => `/diagnostics/cloud-pcs/${encodeURIComponent(cloudPcId)}`;

export function UnavailableTable({
  rows,
  onExport,
}: {
  rows: readonly UnavailableCloudPc[];
  onExport?: (csv: string) => void;
}) {
  const styles = useFrameStyles();
  return (
    <DiagnosticsTable
      title="Cloud PCs that aren't available"
      fileName="unavailable-cloud-pcs"
      rows={rows}
      rowKey={(row) => row.cloudPcId}
      emptyText="Every Cloud PC is available."
      {...(onExport ? { onExport } : {})}
      columns={[
        {
          header: 'Cloud PC',
          value: (row) => row.displayName,
          render: (row) => (
            <NextLink className={styles.link} href={timelineHref(row.cloudPcId)}>
              {row.displayName}
            </NextLink>
          ),
        },
        {
          header: 'User',
          value: (row) => row.userPrincipalName,
          render: (row) => (
            <NextLink
              className={styles.link}
              href={`/diagnostics/users/${encodeURIComponent(row.userPrincipalName)}`}
            >
              {row.userPrincipalName}
            </NextLink>
          ),
        },
        {
          header: 'Status',
          value: (row) => row.status,
          render: (row) => <CloudPcStatusBadge status={row.status as CloudPcStatusName} />,
        },
        {
          header: 'Since',
          value: (row) => row.sinceDateTime,
          render: (row) => formatDate(row.sinceDateTime),
        },
        { header: 'Likely cause', value: (row) => row.likelyCause },
        { header: 'Recommended action', value: (row) => row.recommendedAction },
        { header: 'Last event', value: (row) => row.lastEvent },
        { header: 'Region', value: (row) => row.regionName },
        { header: 'Cloud PC id', value: (row) => row.cloudPcId, isCsvOnly: true },
      ]}
    />
  );
}

export function UnavailableView(props: {
  data: Loadable<UnavailableCloudPcs>;
  onRefresh: () => void;
  onExport?: (csv: string) => void;
}) {
  const styles = useFrameStyles();
  return (
    <DiagnosticsFrame
      title="Unavailable Cloud PCs"
      description="Which Cloud PCs people cannot use, since when, and why."
      onRefresh={props.onRefresh}
      isRefreshing={props.data.status === 'success' && props.data.isRefreshing}
    >
      <div className={styles.surface}>
        <Loaded data={props.data} what="unavailable Cloud PCs">
          {(value) => (
            <>
              <UnavailableTable
                rows={value.value}
                {...(props.onExport ? { onExport: props.onExport } : {})}
              />
              {value.isTruncated ? <p>Only the first {value.value.length} are shown.</p> : null}
            </>
          )}
        </Loaded>
      </div>
    </DiagnosticsFrame>
  );
}
