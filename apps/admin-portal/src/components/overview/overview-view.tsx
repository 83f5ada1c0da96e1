'use client';

import type { CloudPcOverview } from '@cloudpc/api-client';
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
  ProgressBar,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, ArrowClockwiseRegular, DesktopRegular } from '@fluentui/react-icons';
import NextLink from 'next/link';
import type { ReactNode } from 'react';
import { formatDate } from '../format.ts';
import type { Loadable } from '../loadable.ts';
import { StatusChart } from './status-chart.tsx';

export interface StatusCount {
  status: CloudPcStatusName;
  count: number;
}

export interface OverviewViewProps {
  /** The organisation shown under the heading, e.g. contoso.test. */
  tenantLabel: string;
  overview: Loadable<CloudPcOverview>;
  policyCount: Loadable<number>;
  onRefresh: () => void;
  /** Shown to administrators only: support staff and others never get a write action. */
  onCreatePolicy?: () => void;
  /** A message after a change, e.g. "Provisioning policy created". */
  notice?: ReactNode;
  /** Shown above the sections: the stale-data banner. */
  banner?: ReactNode;
  /** For "ends in 5 h" (injected so tests are deterministic). */
  now?: Date;
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
    overflowX: 'auto',
  },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))',
    gap: tokens.spacingHorizontalXL,
    '@media (max-width: 520px)': { gridTemplateColumns: '1fr' },
  },
  counts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))',
    gap: tokens.spacingHorizontalM,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  countCard: { padding: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalS },
  number: { fontVariantNumeric: 'tabular-nums' },
  progressList: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  progressItem: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXS },
  link: {
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: 'none',
    ':hover': { textDecorationLine: 'underline', color: tokens.colorBrandForegroundLinkHover },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

const detailHref = (id: string) => `/cloud-pcs/${encodeURIComponent(id)}`;

/** "in 5 h", "in 2 d 3 h", "now" — how long until a grace period ends. */
export function timeUntil(end: string, now: Date): string {
  const minutes = Math.round((Date.parse(end) - now.getTime()) / 60_000);
  if (minutes <= 0) return 'now';
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `in ${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `in ${days} d` : `in ${days} d ${hours % 24} h`;
}

/** Statuses with at least one Cloud PC, in display order (healthy first, as the badges list them). */
export function nonZeroCounts(counts: readonly StatusCount[]): StatusCount[] {
  const byStatus = new Map(counts.map((entry) => [entry.status, entry.count]));
  return (Object.keys(CLOUD_PC_STATUS_DISPLAY) as CloudPcStatusName[]).flatMap((status) => {
    const count = byStatus.get(status) ?? 0;
    return count > 0 ? [{ status, count }] : [];
  });
}

function CloudPcCounts({ overview }: { overview: CloudPcOverview }) {
  const styles = useStyles();
  const counts = nonZeroCounts(overview.statusCounts);
  return (
    <>
      <Text as="p" className={styles.subtle}>
        {`${overview.totalCount} Cloud ${overview.totalCount === 1 ? 'PC' : 'PCs'} in total.`}
      </Text>
      <StatusChart counts={counts} />
      <ul className={styles.counts} aria-label="Cloud PCs by status">
        {counts.map(({ status, count }) => (
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

const countOf = (overview: CloudPcOverview, status: CloudPcStatusName) =>
  overview.statusCounts.find((entry) => entry.status === status)?.count ?? 0;

function shownOf(shown: number, total: number, noun: string): string | undefined {
  return total > shown ? `Showing ${shown} of ${total} ${noun}.` : undefined;
}

function ProvisioningList({ overview }: { overview: CloudPcOverview }) {
  const styles = useStyles();
  const items = overview.provisioningInProgress;
  if (items.length === 0) return <Text as="p">Nothing is provisioning right now.</Text>;
  const more = shownOf(items.length, countOf(overview, 'provisioning'), 'provisioning Cloud PCs');
  return (
    <>
      {more ? (
        <Text as="p" className={styles.subtle}>
          {more}
        </Text>
      ) : null}
      <ul className={styles.progressList} aria-label="Provisioning in progress">
        {items.map((item) => (
          <li key={item.id} className={styles.progressItem}>
            <span>
              <NextLink href={detailHref(item.id)} className={styles.link}>
                {item.displayName}
              </NextLink>{' '}
              <Text className={styles.subtle}>· {item.userPrincipalName}</Text>
            </span>
            <ProgressBar
              value={item.progressPercent / 100}
              thickness="large"
              aria-label={`${item.displayName}: ${item.progressPercent}% provisioned`}
            />
            <Text size={200} className={styles.subtle}>
              {item.progressPercent}%{item.currentStep ? ` · ${item.currentStep}` : ' · starting'}
            </Text>
          </li>
        ))}
      </ul>
    </>
  );
}

function FailuresTable({ overview }: { overview: CloudPcOverview }) {
  const styles = useStyles();
  const items = overview.recentFailures;
  if (items.length === 0) return <Text as="p">No Cloud PC has failed.</Text>;
  const more = shownOf(items.length, countOf(overview, 'failed'), 'failed Cloud PCs, most recent first');
  return (
    <>
      {more ? (
        <Text as="p" className={styles.subtle}>
          {more}
        </Text>
      ) : null}
      <Table aria-label="Recent failures" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Cloud PC</TableHeaderCell>
            <TableHeaderCell>Error</TableHeaderCell>
            <TableHeaderCell>Recommended action</TableHeaderCell>
            <TableHeaderCell>When</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((item) => (
            <TableRow key={item.id}>
              <TableCell>
                <NextLink href={detailHref(item.id)} className={styles.link}>
                  {item.displayName}
                </NextLink>
                <br />
                <Text size={200} className={styles.subtle}>
                  {item.userPrincipalName}
                </Text>
              </TableCell>
              <TableCell>
                <span className={styles.code}>{item.statusDetail?.code ?? 'unknown'}</span>
                {item.statusDetail?.message ? (
                  <>
                    <br />
                    <Text size={200}>{item.statusDetail.message}</Text>
                  </>
                ) : null}
              </TableCell>
              <TableCell>
                {item.statusDetail?.recommendedAction ?? 'Open the Cloud PC and reprovision it.'}
              </TableCell>
              <TableCell>{formatDate(item.lastModifiedDateTime)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}

function GraceTable({ overview, now }: { overview: CloudPcOverview; now: Date }) {
  const styles = useStyles();
  const items = overview.gracePeriodsEndingSoon;
  if (items.length === 0) return <Text as="p">No Cloud PC is in its grace period.</Text>;
  const more = shownOf(items.length, countOf(overview, 'inGracePeriod'), 'Cloud PCs in grace, soonest first');
  return (
    <>
      {more ? (
        <Text as="p" className={styles.subtle}>
          {more}
        </Text>
      ) : null}
      <Table aria-label="Grace periods ending soon" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Cloud PC</TableHeaderCell>
            <TableHeaderCell>User</TableHeaderCell>
            <TableHeaderCell>Grace period ends</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((item) => (
            <TableRow key={item.id}>
              <TableCell>
                <NextLink href={detailHref(item.id)} className={styles.link}>
                  {item.displayName}
                </NextLink>
              </TableCell>
              <TableCell>{item.userPrincipalName}</TableCell>
              <TableCell>
                {timeUntil(item.gracePeriodEndDateTime, now)} ({formatDate(item.gracePeriodEndDateTime)})
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <section aria-labelledby={id} className={styles.section}>
      <Text as="h2" id={id} size={500} weight="semibold" className={styles.heading}>
        {title}
      </Text>
      {children}
    </section>
  );
}

/**
 * The admin center's home: Cloud PCs by status (chart and counts), provisioning in
 * progress, recent failures with their codes and recommended actions, grace periods ending
 * soon, and the number of provisioning policies. Every part has loading, empty and error
 * states; errors carry the request id.
 */
export function OverviewView({
  tenantLabel,
  overview,
  policyCount,
  onRefresh,
  onCreatePolicy,
  notice,
  banner,
  now = new Date(),
}: OverviewViewProps) {
  const styles = useStyles();
  const isRefreshing =
    (overview.status === 'success' && overview.isRefreshing) ||
    (policyCount.status === 'success' && policyCount.isRefreshing);
  const data = overview.status === 'success' ? overview.data : undefined;
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
      {banner}
      {/* Always rendered so the live region exists before a message is put in it. */}
      <div aria-live="polite">
        {notice ? (
          <MessageBar intent="success">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>

      <Section id="overview-cloud-pcs" title="Cloud PCs by status">
        {overview.status === 'pending' ? <LoadingState label="Loading Cloud PCs…" /> : null}
        {overview.status === 'error' ? (
          <ErrorState
            headingLevel={3}
            title="Cloud PCs could not be loaded"
            message={overview.message}
            {...(overview.requestId ? { requestId: overview.requestId } : {})}
            onRetry={overview.retry}
          />
        ) : null}
        {data && data.totalCount === 0 ? (
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
        {data && data.totalCount > 0 ? <CloudPcCounts overview={data} /> : null}
      </Section>

      {data && data.totalCount > 0 ? (
        <div className={styles.grid}>
          <Section id="overview-provisioning" title="Provisioning in progress">
            <ProvisioningList overview={data} />
          </Section>
          <Section id="overview-grace" title="Grace periods ending soon">
            <GraceTable overview={data} now={now} />
          </Section>
        </div>
      ) : null}
      {data && data.totalCount > 0 ? (
        <Section id="overview-failures" title="Recent failures">
          <FailuresTable overview={data} />
        </Section>
      ) : null}

      <Section id="overview-policies" title="Provisioning policies">
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
      </Section>
    </div>
  );
}
