import type { Timeline, TimelineEntry } from '@cloudpc/api-client';
import type { AuditDocument } from '../audit/audit-repository.ts';
import type { CloudPcDocument } from '../cloud-pcs/cloud-pc-repository.ts';
import { AppError } from '../errors/app-error.ts';
import type { JobDocument } from '../jobs/job-types.ts';
import type { ConnectionEventDocument } from '../launch/launch-repository.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import { isStorableId } from '../storage/documents.ts';
import { queryBounded } from './diagnostics-repository.ts';

/** Rows read per source and shown in total: a timeline is for reading, not for export of history. */
export const PER_SOURCE_LIMIT = 100;
export const TIMELINE_LIMIT = 200;
export const MAX_CLOUD_PCS_PER_USER = 10;

export function jobEntry(job: JobDocument): TimelineEntry {
  const isRemote = job.payload.kind === 'remoteAction';
  const what = job.payload.kind === 'remoteAction' ? job.payload.action : job.kind;
  const outcome: TimelineEntry['outcome'] =
    job.status === 'succeeded'
      ? 'success'
      : job.status === 'failed'
        ? 'failure'
        : job.status === 'cancelled'
          ? 'info'
          : 'inProgress';
  const detail = [
    `${job.status}, attempt ${job.attempts} of ${job.maxAttempts}`,
    job.errorCode ? `${job.errorCode}: ${job.errorMessage ?? ''}`.trim() : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return {
    id: `job:${job.id}`,
    at: job.finishedDateTime ?? job.startedDateTime ?? job.createdDateTime,
    source: isRemote ? 'remoteAction' : 'job',
    title: isRemote ? `Remote action ${what}` : `Job ${what}`,
    detail,
    outcome,
    cloudPcId: job.cloudPcId,
    jobId: job.id,
    correlationId: job.correlationId,
    connectionId: null,
    actor: job.requestedBy.userPrincipalName ?? job.requestedBy.applicationId,
  };
}

export function connectionEntry(event: ConnectionEventDocument): TimelineEntry {
  const connected = event.outcome === 'connected';
  const samples = event.roundTripSamplesMs;
  const rtt = samples.length > 0 ? Math.round(samples.reduce((a, b) => a + b, 0) / samples.length) : null;
  const detail = connected
    ? [
        event.timeToConnectMs !== null ? `connected in ${event.timeToConnectMs} ms` : null,
        rtt !== null ? `average round trip ${rtt} ms` : null,
        event.disconnectReason ? `ended: ${event.disconnectReason}` : null,
      ]
        .filter(Boolean)
        .join(' · ')
    : event.message;
  return {
    id: `connection:${event.id}`,
    at: event.launchRequestedDateTime,
    source: 'connection',
    title: connected ? 'Connected' : `Connection refused (${event.outcome})`,
    detail: detail || null,
    outcome: connected ? 'success' : 'failure',
    cloudPcId: event.cloudPcId,
    jobId: null,
    correlationId: null,
    connectionId: event.id,
    actor: event.userPrincipalName,
  };
}

export function auditEntry(event: AuditDocument): TimelineEntry {
  return {
    id: `audit:${event.id}`,
    at: event.activityDateTime,
    source: 'audit',
    title: event.displayName,
    detail:
      event.resources
        .flatMap((resource) => resource.modifiedProperties.map((property) => property.displayName))
        .slice(0, 8)
        .join(', ')
        .replace(/^(.+)$/, 'changed: $1') || null,
    outcome: event.activityResult === 'success' ? 'success' : 'failure',
    cloudPcId: event.componentName === 'cloudPC' ? (event.resources[0]?.resourceId ?? null) : null,
    jobId: event.jobId,
    correlationId: event.correlationId,
    connectionId: null,
    actor: event.actor.userPrincipalName ?? event.actor.applicationId,
  };
}

/** Pure: newest first, de-duplicated, cut to the limit. */
export function mergeTimeline(
  entries: readonly TimelineEntry[],
  limit = TIMELINE_LIMIT,
): { value: TimelineEntry[]; isTruncated: boolean } {
  const unique = [...new Map(entries.map((entry) => [entry.id, entry])).values()].sort(
    (a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id),
  );
  return { value: unique.slice(0, limit), isTruncated: unique.length > limit };
}

async function entriesOfCloudPc(store: CosmosStore, tenantId: string, cloudPcId: string, from: string) {
  const [jobs, connections, audit] = await Promise.all([
    queryBounded<JobDocument>(
      store,
      'jobs',
      tenantId,
      "c.docType = 'job' AND c.cloudPcId = @id AND c.createdDateTime >= @from",
      [
        { name: '@id', value: cloudPcId },
        { name: '@from', value: from },
      ],
      { top: PER_SOURCE_LIMIT, orderBy: 'c.createdDateTime DESC' },
    ),
    queryBounded<ConnectionEventDocument>(
      store,
      'connections',
      tenantId,
      "c.docType = 'connectionEvent' AND c.cloudPcId = @id AND c.launchRequestedDateTime >= @from",
      [
        { name: '@id', value: cloudPcId },
        { name: '@from', value: from },
      ],
      { top: PER_SOURCE_LIMIT, orderBy: 'c.launchRequestedDateTime DESC' },
    ),
    queryBounded<AuditDocument>(
      store,
      'audit',
      tenantId,
      "c.docType = 'auditEvent' AND c.resources[0].resourceId = @id AND c.activityDateTime >= @from",
      [
        { name: '@id', value: cloudPcId },
        { name: '@from', value: from },
      ],
      { top: PER_SOURCE_LIMIT, orderBy: 'c.activityDateTime DESC' },
    ),
  ]);
  return [...jobs.map(jobEntry), ...connections.map(connectionEntry), ...audit.map(auditEntry)];
}

export async function getCloudPcTimeline(options: {
  store: CosmosStore;
  tenantId: string;
  cloudPcId: string;
  days: number;
  now: Date;
}): Promise<Timeline> {
  const { store, tenantId, cloudPcId } = options;
  const from = new Date(options.now.getTime() - options.days * 86_400_000).toISOString();
  const [cloudPc] = isStorableId(cloudPcId)
    ? await queryBounded<CloudPcDocument>(
        store,
        'cloudPcs',
        tenantId,
        "c.docType = 'cloudPc' AND c.id = @id",
        [{ name: '@id', value: cloudPcId }],
        { top: 1 },
      )
    : [];
  const entries = await entriesOfCloudPc(store, tenantId, cloudPcId, from);
  // A deprovisioned Cloud PC has no document but still has history; a never-seen id has neither.
  if (!cloudPc && entries.length === 0)
    throw new AppError('NotFound', `Cloud PC ${cloudPcId} was not found.`);
  return {
    subject: {
      type: 'cloudPc',
      id: cloudPcId,
      displayName: cloudPc?.displayName ?? null,
      userPrincipalName: cloudPc?.userPrincipalName ?? null,
      cloudPcIds: [cloudPcId],
      status: cloudPc?.status ?? null,
    },
    fromDateTime: from,
    ...mergeTimeline(entries),
  };
}

/** A person's timeline: their Cloud PCs' histories, their connections and what they did. `user` is an object id or a UPN. */
export async function getUserTimeline(options: {
  store: CosmosStore;
  tenantId: string;
  user: string;
  days: number;
  now: Date;
}): Promise<Timeline> {
  const { store, tenantId } = options;
  const from = new Date(options.now.getTime() - options.days * 86_400_000).toISOString();
  const key = options.user.trim();
  const cloudPcs = await queryBounded<CloudPcDocument>(
    store,
    'cloudPcs',
    tenantId,
    "c.docType = 'cloudPc' AND (c.userId = @user OR LOWER(c.userPrincipalName) = @upn)",
    [
      { name: '@user', value: key },
      { name: '@upn', value: key.toLowerCase() },
    ],
    { top: MAX_CLOUD_PCS_PER_USER },
  );
  const userId = cloudPcs[0]?.userId ?? key;
  const upn = cloudPcs[0]?.userPrincipalName ?? (key.includes('@') ? key : null);
  const [perCloudPc, connections, actions] = await Promise.all([
    Promise.all(cloudPcs.map((cloudPc) => entriesOfCloudPc(store, tenantId, cloudPc.id, from))),
    queryBounded<ConnectionEventDocument>(
      store,
      'connections',
      tenantId,
      "c.docType = 'connectionEvent' AND c.userId = @user AND c.launchRequestedDateTime >= @from",
      [
        { name: '@user', value: userId },
        { name: '@from', value: from },
      ],
      { top: PER_SOURCE_LIMIT, orderBy: 'c.launchRequestedDateTime DESC' },
    ),
    upn
      ? queryBounded<AuditDocument>(
          store,
          'audit',
          tenantId,
          "c.docType = 'auditEvent' AND c.actor.userPrincipalName = @upn AND c.activityDateTime >= @from",
          [
            { name: '@upn', value: upn },
            { name: '@from', value: from },
          ],
          { top: PER_SOURCE_LIMIT, orderBy: 'c.activityDateTime DESC' },
        )
      : Promise.resolve([]),
  ]);
  const entries = [...perCloudPc.flat(), ...connections.map(connectionEntry), ...actions.map(auditEntry)];
  if (cloudPcs.length === 0 && entries.length === 0) {
    throw new AppError('NotFound', `No Cloud PC or activity was found for ${key}.`);
  }
  return {
    subject: {
      type: 'user',
      id: userId,
      displayName: upn,
      userPrincipalName: upn,
      cloudPcIds: cloudPcs.map((cloudPc) => cloudPc.id),
      status: null,
    },
    fromDateTime: from,
    ...mergeTimeline(entries),
  };
}
