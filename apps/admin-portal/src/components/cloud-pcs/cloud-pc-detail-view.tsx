'use client';

import type { CloudPc, CloudPcJob, CloudPcSnapshot, CloudPcStatus } from '@cloudpc/api-client';
import {
  CLOUD_PC_STATUS_DISPLAY,
  CloudPcStatusBadge,
  EmptyState,
  ErrorState,
  LoadingState,
} from '@cloudpc/ui';
import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Spinner,
  shorthands,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Tooltip,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular, ArrowLeftRegular, CopyRegular, HistoryRegular } from '@fluentui/react-icons';
import NextLink from 'next/link';
import { type ReactNode, useState } from 'react';
import { formatDate } from '../format.ts';
import type { Loadable } from '../loadable.ts';
import {
  ACTION_LABELS,
  type DetailAction,
  describeLastAction,
  isBusy,
  unavailableReason,
} from './cloud-pc-model.ts';
import { CloudPcTimeline, RemoteActionHistory } from './cloud-pc-timeline.tsx';

export interface CloudPcDetailViewProps {
  cloudPc: Loadable<CloudPc>;
  snapshots: Loadable<CloudPcSnapshot[]>;
  /** The Cloud PC's recent jobs, newest first: the status timeline and remote action history. */
  jobs: Loadable<CloudPcJob[]>;
  /** Administrators: every action. */
  canManage: boolean;
  /** Administrators and support staff. */
  canTroubleshoot: boolean;
  onAction: (action: DetailAction) => void;
  onRefresh: () => void;
  /** Shown under the heading: the stale-data banner. */
  banner?: ReactNode;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  header: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  titleRow: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  heading: { margin: 0 },
  back: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: 'none',
    ':hover': { textDecorationLine: 'underline' },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  actionGroup: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    margin: 0,
    padding: 0,
    minWidth: 0,
    ...shorthands.borderStyle('none'),
  },
  section: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalXL,
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  properties: {
    display: 'grid',
    gridTemplateColumns: 'minmax(160px, max-content) 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: {
    margin: 0,
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    wordBreak: 'break-all',
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Tooltip content={copied ? 'Copied' : `Copy ${label}`} relationship="label">
      <Button
        size="small"
        appearance="subtle"
        icon={<CopyRegular />}
        onClick={() => {
          void navigator.clipboard?.writeText(value).then(() => setCopied(true));
        }}
      />
    </Tooltip>
  );
}

const statusLabel = (status: CloudPcStatus) => CLOUD_PC_STATUS_DISPLAY[status].label;

/** Admin actions in toolbar order; support staff only see troubleshoot. */
const ADMIN_ACTIONS: readonly DetailAction[] = [
  'reboot',
  'rename',
  'restore',
  'resize',
  'reprovision',
  'troubleshoot',
  'powerOff',
  'powerOn',
  'endGracePeriod',
];

function ActionButtons({
  cloudPc,
  actions,
  onAction,
  hasRestorePoints,
}: {
  cloudPc: CloudPc;
  actions: readonly DetailAction[];
  onAction: (action: DetailAction) => void;
  hasRestorePoints: boolean;
}) {
  const styles = useStyles();
  return (
    <fieldset className={styles.actionGroup} aria-label="Actions">
      {actions.map((action) => {
        const reason =
          unavailableReason(cloudPc, action, statusLabel) ??
          (action === 'restore' && !hasRestorePoints ? 'There is no restore point yet.' : undefined);
        const button = (
          <Button
            key={action}
            disabledFocusable={reason !== undefined}
            appearance={action === 'reboot' ? 'primary' : 'secondary'}
            onClick={() => onAction(action)}
          >
            {ACTION_LABELS[action]}
          </Button>
        );
        return reason ? (
          <Tooltip key={action} content={reason} relationship="description">
            {button}
          </Tooltip>
        ) : (
          button
        );
      })}
    </fieldset>
  );
}

function Properties({ cloudPc }: { cloudPc: CloudPc }) {
  const styles = useStyles();
  const rows: { term: string; value: string; copy?: boolean }[] = [
    { term: 'Cloud PC ID', value: cloudPc.id, copy: true },
    { term: 'Device name', value: cloudPc.managedDeviceName, copy: true },
    { term: 'User', value: cloudPc.userPrincipalName, copy: true },
    { term: 'Provisioning policy', value: cloudPc.provisioningPolicyName },
    { term: 'Policy ID', value: cloudPc.provisioningPolicyId, copy: true },
    { term: 'Image', value: cloudPc.imageDisplayName },
    { term: 'Size', value: cloudPc.servicePlanName },
    { term: 'Region', value: cloudPc.regionName },
    { term: 'Power state', value: cloudPc.powerState },
    { term: 'Grace period ends', value: formatDate(cloudPc.gracePeriodEndDateTime) },
    { term: 'Last modified', value: formatDate(cloudPc.lastModifiedDateTime) },
  ];
  return (
    <dl className={styles.properties}>
      {rows.map((row) => (
        <div key={row.term} style={{ display: 'contents' }}>
          <dt className={styles.term}>{row.term}</dt>
          <dd className={styles.value}>
            <span className={row.copy ? styles.mono : undefined}>{row.value}</span>
            {row.copy ? <CopyButton value={row.value} label={row.term} /> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Snapshots({ snapshots }: { snapshots: Loadable<CloudPcSnapshot[]> }) {
  if (snapshots.status === 'pending') return <LoadingState label="Loading restore points…" size="small" />;
  if (snapshots.status === 'error') {
    return (
      <ErrorState
        headingLevel={3}
        title="Restore points could not be loaded"
        message={snapshots.message}
        {...(snapshots.requestId ? { requestId: snapshots.requestId } : {})}
        onRetry={snapshots.retry}
      />
    );
  }
  if (snapshots.data.length === 0) {
    return (
      <EmptyState
        headingLevel={3}
        icon={<HistoryRegular />}
        title="No restore points yet"
        description="The service takes restore points automatically once the Cloud PC is provisioned."
      />
    );
  }
  return (
    <Table aria-label="Restore points" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Taken</TableHeaderCell>
          <TableHeaderCell>Type</TableHeaderCell>
          <TableHeaderCell>Health</TableHeaderCell>
          <TableHeaderCell>Last restored</TableHeaderCell>
          <TableHeaderCell>Expires</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {snapshots.data.map((snapshot) => (
          <TableRow key={snapshot.id}>
            <TableCell>{formatDate(snapshot.createdDateTime)}</TableCell>
            <TableCell>{snapshot.snapshotType}</TableCell>
            <TableCell>{snapshot.healthCheckStatus}</TableCell>
            <TableCell>{formatDate(snapshot.lastRestoredDateTime)}</TableCell>
            <TableCell>{formatDate(snapshot.expirationDateTime)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * One Cloud PC: its properties, the last remote action, its restore points and the actions
 * its status allows (the others disabled, saying why).
 */
export function CloudPcDetailView({
  cloudPc,
  snapshots,
  jobs,
  canManage,
  canTroubleshoot,
  onAction,
  onRefresh,
  banner,
}: CloudPcDetailViewProps) {
  const styles = useStyles();
  const back = (
    <NextLink href="/cloud-pcs" className={styles.back}>
      <ArrowLeftRegular aria-hidden /> All Cloud PCs
    </NextLink>
  );
  if (cloudPc.status === 'pending') {
    return (
      <div className={styles.root}>
        {back}
        <LoadingState label="Loading the Cloud PC…" />
      </div>
    );
  }
  if (cloudPc.status === 'error') {
    return (
      <div className={styles.root}>
        {back}
        <ErrorState
          headingLevel={1}
          title="The Cloud PC could not be loaded"
          message={cloudPc.message}
          {...(cloudPc.requestId ? { requestId: cloudPc.requestId } : {})}
          onRetry={cloudPc.retry}
        />
      </div>
    );
  }
  const pc = cloudPc.data;
  const busy = isBusy(pc);
  const actions = canManage ? ADMIN_ACTIONS : canTroubleshoot ? (['troubleshoot'] as const) : [];
  const result = pc.lastRemoteActionResult;
  return (
    <div className={styles.root}>
      <div className={styles.header}>
        {back}
        <div className={styles.titleRow}>
          <Text as="h1" size={800} weight="semibold" className={styles.heading}>
            {pc.displayName}
          </Text>
          <CloudPcStatusBadge status={pc.status} />
          {busy ? <Spinner size="tiny" label="Working; this page refreshes itself" /> : null}
        </div>
        <div className={styles.actions}>
          {actions.length > 0 ? (
            <ActionButtons
              cloudPc={pc}
              actions={actions}
              onAction={onAction}
              hasRestorePoints={snapshots.status === 'success' && snapshots.data.length > 0}
            />
          ) : null}
          <Button
            appearance="subtle"
            icon={cloudPc.isRefreshing ? <Spinner size="tiny" /> : <ArrowClockwiseRegular />}
            onClick={onRefresh}
          >
            Refresh
          </Button>
        </div>
      </div>

      {banner}

      {pc.statusDetail ? (
        <MessageBar intent={pc.status === 'failed' ? 'error' : 'warning'}>
          <MessageBarBody>
            <MessageBarTitle>{pc.statusDetail.code}</MessageBarTitle>
            {pc.statusDetail.message}
            {pc.statusDetail.recommendedAction ? ` ${pc.statusDetail.recommendedAction}` : ''}
          </MessageBarBody>
        </MessageBar>
      ) : null}

      <section aria-labelledby="detail-action" className={styles.section}>
        <Text as="h2" id="detail-action" size={500} weight="semibold" className={styles.heading}>
          Last remote action
        </Text>
        {result ? (
          <dl className={styles.properties}>
            <dt className={styles.term}>Action</dt>
            <dd className={styles.value}>{describeLastAction(pc)}</dd>
            <dt className={styles.term}>Started</dt>
            <dd className={styles.value}>{formatDate(result.startDateTime)}</dd>
            <dt className={styles.term}>Last update</dt>
            <dd className={styles.value}>{formatDate(result.lastUpdatedDateTime)}</dd>
            {result.statusDetail ? (
              <>
                <dt className={styles.term}>Detail</dt>
                <dd className={styles.value}>
                  {result.statusDetail.code}: {result.statusDetail.message}
                </dd>
              </>
            ) : null}
          </dl>
        ) : (
          <Text as="p">No remote action has run on this Cloud PC.</Text>
        )}
      </section>

      <section aria-labelledby="detail-timeline" className={styles.section}>
        <Text as="h2" id="detail-timeline" size={500} weight="semibold" className={styles.heading}>
          Status timeline
        </Text>
        <CloudPcTimeline jobs={jobs} />
      </section>

      <section aria-labelledby="detail-history" className={styles.section}>
        <Text as="h2" id="detail-history" size={500} weight="semibold" className={styles.heading}>
          Remote action history
        </Text>
        <RemoteActionHistory jobs={jobs} />
      </section>

      <section aria-labelledby="detail-properties" className={styles.section}>
        <Text as="h2" id="detail-properties" size={500} weight="semibold" className={styles.heading}>
          Properties
        </Text>
        <Properties cloudPc={pc} />
      </section>

      <section aria-labelledby="detail-snapshots" className={styles.section}>
        <Text as="h2" id="detail-snapshots" size={500} weight="semibold" className={styles.heading}>
          Restore points
        </Text>
        <Snapshots snapshots={snapshots} />
      </section>
    </div>
  );
}
