'use client';

import type { CloudPcJob, CloudPcJobStatus } from '@cloudpc/api-client';
import { EmptyState, ErrorState, LoadingState } from '@cloudpc/ui';
import {
  Badge,
  type BadgeProps,
  makeStyles,
  mergeClasses,
  ProgressBar,
  shorthands,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { HistoryRegular } from '@fluentui/react-icons';
import { formatDate } from '../format.ts';
import type { Loadable } from '../loadable.ts';
import {
  durationOf,
  isJobActive,
  JOB_STATUS_LABELS,
  jobTitle,
  REMOTE_ACTION_LABELS,
  remoteActionHistory,
} from './job-model.ts';

const STATUS_COLORS: Record<CloudPcJobStatus, BadgeProps['color']> = {
  pending: 'informative',
  running: 'brand',
  succeeded: 'success',
  failed: 'danger',
  cancelled: 'subtle',
};

const useStyles = makeStyles({
  list: {
    display: 'flex',
    flexDirection: 'column',
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  item: {
    position: 'relative',
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXS,
    paddingLeft: tokens.spacingHorizontalXXL,
    paddingBottom: tokens.spacingVerticalL,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
    marginLeft: tokens.spacingHorizontalS,
    ':last-child': { borderLeftColor: 'transparent' },
  },
  dot: {
    position: 'absolute',
    left: `calc(-1 * (${tokens.spacingHorizontalS} + ${tokens.strokeWidthThick}))`,
    top: '2px',
    width: tokens.spacingHorizontalL,
    height: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
  },
  dotFailed: shorthands.borderColor(tokens.colorPaletteRedBorder2),
  dotDone: shorthands.borderColor(tokens.colorPaletteGreenBorder2),
  dotActive: shorthands.borderColor(tokens.colorBrandStroke1),
  titleRow: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  meta: { color: tokens.colorNeutralForeground2 },
  steps: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXXS,
  },
  error: { color: tokens.colorPaletteRedForeground1 },
  progress: { maxWidth: '320px' },
});

const STEP_STATUS_WORDS = { pending: 'waiting', running: 'running', done: 'done', failed: 'failed' } as const;

function JobEntry({ job }: { job: CloudPcJob }) {
  const styles = useStyles();
  const active = isJobActive(job);
  const took = durationOf(job.startDateTime, job.endDateTime);
  const dotClass =
    job.status === 'failed'
      ? styles.dotFailed
      : job.status === 'succeeded'
        ? styles.dotDone
        : active
          ? styles.dotActive
          : undefined;
  return (
    <li className={styles.item}>
      <span aria-hidden className={mergeClasses(styles.dot, dotClass)} />
      <div className={styles.titleRow}>
        <Text weight="semibold">{jobTitle(job)}</Text>
        <Badge appearance="tint" color={STATUS_COLORS[job.status]}>
          {JOB_STATUS_LABELS[job.status]}
        </Badge>
        <Text size={200} className={styles.meta}>
          {formatDate(job.createdDateTime)}
          {took ? ` · took ${took}` : ''}
          {job.attempts > 1 ? ` · attempt ${job.attempts} of ${job.maxAttempts}` : ''}
          {` · ${job.requestedByUserPrincipalName ?? 'the service'}`}
        </Text>
      </div>
      {active && job.kind === 'provision' ? (
        <ProgressBar
          className={styles.progress}
          value={job.progressPercent / 100}
          aria-label={`${jobTitle(job)}: ${job.progressPercent}% done`}
        />
      ) : null}
      {job.errorCode ? (
        <Text size={200} className={styles.error}>
          {job.errorCode}
          {job.errorMessage ? `: ${job.errorMessage}` : ''}
        </Text>
      ) : null}
      {job.steps.length > 0 ? (
        <ol className={styles.steps} aria-label={`Steps of ${jobTitle(job)}`}>
          {job.steps.map((step, index) => {
            const stepTook = durationOf(step.startDateTime, step.endDateTime);
            return (
              // Steps have no id; a step's place in its job is stable.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={index}>
                <Text size={200}>
                  {step.name} — {STEP_STATUS_WORDS[step.status]}
                  {stepTook ? ` (${stepTook})` : ''}
                </Text>
              </li>
            );
          })}
        </ol>
      ) : null}
    </li>
  );
}

/** What the service did on this Cloud PC, newest first: every job with its steps. */
export function CloudPcTimeline({ jobs }: { jobs: Loadable<CloudPcJob[]> }) {
  const styles = useStyles();
  if (jobs.status === 'pending') return <LoadingState label="Loading the timeline…" size="small" />;
  if (jobs.status === 'error') {
    return (
      <ErrorState
        headingLevel={3}
        title="The timeline could not be loaded"
        message={jobs.message}
        {...(jobs.requestId ? { requestId: jobs.requestId } : {})}
        onRetry={jobs.retry}
      />
    );
  }
  if (jobs.data.length === 0) {
    return (
      <EmptyState
        headingLevel={3}
        icon={<HistoryRegular />}
        title="No recent work"
        description="Provisioning and remote actions appear here while the service keeps their records."
      />
    );
  }
  return (
    <ol className={styles.list} aria-label="Status timeline">
      {jobs.data.map((job) => (
        <JobEntry key={job.id} job={job} />
      ))}
    </ol>
  );
}

/** The remote actions among the jobs, as a table: who asked for what, when, and how it ended. */
export function RemoteActionHistory({ jobs }: { jobs: Loadable<CloudPcJob[]> }) {
  if (jobs.status !== 'success') return null;
  const actions = remoteActionHistory(jobs.data);
  if (actions.length === 0) return <Text as="p">No remote action has run on this Cloud PC recently.</Text>;
  return (
    <Table aria-label="Remote action history" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Action</TableHeaderCell>
          <TableHeaderCell>Requested</TableHeaderCell>
          <TableHeaderCell>By</TableHeaderCell>
          <TableHeaderCell>Result</TableHeaderCell>
          <TableHeaderCell>Finished</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {actions.map((job) => (
          <TableRow key={job.id}>
            <TableCell>{job.actionName ? REMOTE_ACTION_LABELS[job.actionName] : '—'}</TableCell>
            <TableCell>{formatDate(job.createdDateTime)}</TableCell>
            <TableCell>{job.requestedByUserPrincipalName ?? 'An app or the service'}</TableCell>
            <TableCell>
              {JOB_STATUS_LABELS[job.status]}
              {job.errorCode ? ` (${job.errorCode})` : ''}
            </TableCell>
            <TableCell>{formatDate(job.endDateTime)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
