'use client';

import {
  CLOUD_PC_STATUS_DISPLAY,
  CloudPcStatusBadge,
  type CloudPcStatusName,
  EmptyState,
  ErrorState,
  LoadingState,
} from '@cloudpc/ui';
import {
  Button,
  Card,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, ArrowClockwiseRegular, DesktopRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import type { Loadable } from '../loadable.ts';

export interface StatusCount {
  status: CloudPcStatusName;
  count: number;
}

export interface CloudPcSummary {
  /** Statuses with at least one Cloud PC, in the contract's order. */
  counts: StatusCount[];
  total: number;
  /** More Cloud PCs exist than were counted (one page of the list). */
  isPartial: boolean;
}

export interface OverviewViewProps {
  /** The organisation shown under the heading, e.g. contoso.test. */
  tenantLabel: string;
  cloudPcs: Loadable<CloudPcSummary>;
  policyCount: Loadable<number>;
  onRefresh: () => void;
  /** Shown to administrators only: support staff and others never get a write action. */
  onCreatePolicy?: () => void;
  /** A message after a change, e.g. "Provisioning policy created". */
  notice?: ReactNode;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXL },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalL,
  },
  titles: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
  heading: { margin: 0 },
  subtle: { margin: 0, color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  section: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalXL,
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  counts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))',
    gap: tokens.spacingHorizontalM,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  countCard: { padding: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalS },
  number: { fontVariantNumeric: 'tabular-nums' },
});

function CloudPcCounts({ summary }: { summary: CloudPcSummary }) {
  const styles = useStyles();
  return (
    <>
      <Text as="p" className={styles.subtle}>
        {summary.isPartial
          ? `Counting the first ${summary.total} Cloud PCs; more exist.`
          : `${summary.total} Cloud ${summary.total === 1 ? 'PC' : 'PCs'} in total.`}
      </Text>
      <ul className={styles.counts} aria-label="Cloud PCs by status">
        {summary.counts.map(({ status, count }) => (
          <li key={status}>
            <Card className={styles.countCard}>
              <Text size={700} weight="semibold" className={styles.number}>
                {count}
              </Text>
              <span>
                <CloudPcStatusBadge status={status} />
              </span>
            </Card>
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * The admin center's home: Cloud PCs by status and the number of provisioning policies.
 * Every part has its loading, empty and error state; the error carries the request id.
 */
export function OverviewView({
  tenantLabel,
  cloudPcs,
  policyCount,
  onRefresh,
  onCreatePolicy,
  notice,
}: OverviewViewProps) {
  const styles = useStyles();
  const isRefreshing =
    (cloudPcs.status === 'success' && cloudPcs.isRefreshing) ||
    (policyCount.status === 'success' && policyCount.isRefreshing);
  return (
    <div className={styles.root}>
      <div className={styles.header}>
        <div className={styles.titles}>
          <Text as="h1" size={800} weight="semibold" className={styles.heading}>
            Overview
          </Text>
          <Text as="p" className={styles.subtle}>
            Cloud PCs of {tenantLabel}
          </Text>
        </div>
        <div className={styles.actions}>
          <Button
            icon={isRefreshing ? <Spinner size="tiny" /> : <ArrowClockwiseRegular />}
            onClick={onRefresh}
            disabledFocusable={isRefreshing}
          >
            Refresh
          </Button>
          {onCreatePolicy ? (
            <Button appearance="primary" icon={<AddRegular />} onClick={onCreatePolicy}>
              Create provisioning policy
            </Button>
          ) : null}
        </div>
      </div>
      {/* Always rendered so the live region exists before a message is put in it. */}
      <div aria-live="polite">
        {notice ? (
          <MessageBar intent="success">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>

      <section aria-labelledby="overview-cloud-pcs" className={styles.section}>
        <Text as="h2" id="overview-cloud-pcs" size={500} weight="semibold" className={styles.heading}>
          Cloud PCs by status
        </Text>
        {cloudPcs.status === 'pending' ? <LoadingState label="Loading Cloud PCs…" /> : null}
        {cloudPcs.status === 'error' ? (
          <ErrorState
            headingLevel={3}
            title="Cloud PCs could not be loaded"
            message={cloudPcs.message}
            {...(cloudPcs.requestId ? { requestId: cloudPcs.requestId } : {})}
            onRetry={cloudPcs.retry}
          />
        ) : null}
        {cloudPcs.status === 'success' && cloudPcs.data.total === 0 ? (
          <EmptyState
            headingLevel={3}
            icon={<DesktopRegular />}
            title="No Cloud PCs yet"
            description={
              onCreatePolicy
                ? 'Create a provisioning policy and assign it to a group: each member gets a Cloud PC.'
                : 'When an administrator assigns a provisioning policy to a group, its members’ Cloud PCs appear here.'
            }
          />
        ) : null}
        {cloudPcs.status === 'success' && cloudPcs.data.total > 0 ? (
          <CloudPcCounts summary={cloudPcs.data} />
        ) : null}
      </section>

      <section aria-labelledby="overview-policies" className={styles.section}>
        <Text as="h2" id="overview-policies" size={500} weight="semibold" className={styles.heading}>
          Provisioning policies
        </Text>
        {policyCount.status === 'pending' ? <LoadingState label="Loading provisioning policies…" /> : null}
        {policyCount.status === 'error' ? (
          <ErrorState
            headingLevel={3}
            title="Provisioning policies could not be loaded"
            message={policyCount.message}
            {...(policyCount.requestId ? { requestId: policyCount.requestId } : {})}
            onRetry={policyCount.retry}
          />
        ) : null}
        {policyCount.status === 'success' ? (
          <Text as="p" className={styles.subtle}>
            {policyCount.data === 0
              ? 'No provisioning policies yet.'
              : `${policyCount.data} provisioning ${policyCount.data === 1 ? 'policy' : 'policies'}.`}
          </Text>
        ) : null}
      </section>
    </div>
  );
}

/** Counts one page of Cloud PCs by status, in display order (healthy first, as the badges list them). */
export function summarizeCloudPcs(
  cloudPcs: readonly { status: CloudPcStatusName }[],
  hasMore: boolean,
): CloudPcSummary {
  const counts = new Map<CloudPcStatusName, number>();
  for (const { status } of cloudPcs) counts.set(status, (counts.get(status) ?? 0) + 1);
  const order = Object.keys(CLOUD_PC_STATUS_DISPLAY) as CloudPcStatusName[];
  return {
    counts: order.flatMap((status) => {
      const count = counts.get(status) ?? 0;
      return count > 0 ? [{ status, count }] : [];
    }),
    total: cloudPcs.length,
    isPartial: hasMore,
  };
}
