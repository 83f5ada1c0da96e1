import type { Actor } from '../audit/actor.ts';
import { listAllCloudPcs, readEngineCloudPc } from '../cloud-pcs/cloud-pc-state-repository.ts';
import { AppError } from '../errors/app-error.ts';
import { cloudPcIdFor } from '../jobs/job-ids.ts';
import type { Logger } from '../observability/logger.ts';
import { requestProvisioning } from '../provisioning/request-provisioning.ts';
import { type RequestDeps, startCloudPcJob } from '../provisioning/start-cloud-pc-job.ts';
import type { Versioned } from '../storage/documents.ts';
import {
  type DirectoryStateDocument,
  loadDirectoryState,
  replaceDirectoryState,
} from './directory-state-repository.ts';
import {
  assignmentKey,
  desiredPolicy,
  groupsByUser,
  loadTargets,
  type Targets,
} from './directory-targets.ts';
import { type DeltaRound, type GraphDirectory, isDeltaExpired } from './graph-directory.ts';

export interface SyncDeps extends RequestDeps {
  graph: GraphDirectory;
  workerId: string;
  /** Who the audit log names for the work sync starts. */
  actor: Actor;
  leaseMs: number;
  logger: Logger;
  /** Users reconciled at once. */
  concurrency?: number;
}

export interface SyncReport {
  round: number;
  full: boolean;
  /** Graph answered 410 to the stored delta link and a full resync ran instead. */
  resynced: boolean;
  changedUsers: number;
  provisioningRequested: number;
  gracePeriodsStarted: number;
  gracePeriodsCancelled: number;
  pendingUsers: number;
}

export type SyncOutcome =
  /** Another round holds the lease (`leaseOwner` until `leaseExpiresAt`), or took it from this one. */
  | { kind: 'busy'; leaseOwner: string | null; leaseExpiresAt: string | null }
  | { kind: 'synced'; report: SyncReport };

type UserOutcome = 'provisioning' | 'graceStarted' | 'graceCancelled' | 'none' | 'busy';

const GRACE_FROM = ['provisioned', 'provisionedWithWarnings', 'failed'] as const;

async function mapLimit<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await run(item);
    }
  });
  await Promise.all(workers);
}

async function claimLease(
  deps: SyncDeps,
  tenantId: string,
): Promise<{ claimed: Versioned<DirectoryStateDocument> } | { busy: DirectoryStateDocument }> {
  const state = await loadDirectoryState(deps.store, tenantId);
  const now = deps.now();
  const held =
    state.value.leaseOwner &&
    state.value.leaseOwner !== deps.workerId &&
    state.value.leaseExpiresAt &&
    new Date(state.value.leaseExpiresAt) > now;
  if (held) return { busy: state.value };
  try {
    const claimed = await replaceDirectoryState(
      deps.store,
      {
        ...state.value,
        leaseOwner: deps.workerId,
        leaseExpiresAt: new Date(now.getTime() + deps.leaseMs).toISOString(),
      },
      state.etag,
    );
    return { claimed };
  } catch (error) {
    if (error instanceof AppError && error.code === 'PreconditionFailed') return { busy: state.value };
    throw error;
  }
}

/**
 * Renews the round's lease every third of its length while the round runs, so the
 * lease can be short: a worker that dies mid-round holds the tenant's sync for at
 * most leaseMs, and the round is redone (same job keys) by the next worker. Only the
 * lease fields change; `stop` returns the version the round's final write must match.
 */
function keepLease(deps: SyncDeps, claimed: Versioned<DirectoryStateDocument>, log: SyncDeps['logger']) {
  let latest = claimed;
  let lost = false;
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = renewing.then(async () => {
        if (lost) return;
        try {
          latest = await replaceDirectoryState(
            deps.store,
            {
              ...latest.value,
              leaseExpiresAt: new Date(deps.now().getTime() + deps.leaseMs).toISOString(),
            },
            latest.etag,
          );
        } catch (error) {
          // Someone took the lease: the round's final write will lose and say so.
          if (error instanceof AppError && error.code === 'PreconditionFailed') {
            lost = true;
            return;
          }
          log.warn({ err: error }, 'could not renew the sync lease; trying again');
        }
      });
    },
    Math.max(1, Math.floor(deps.leaseMs / 3)),
  );
  timer.unref?.();
  return {
    async stop(): Promise<Versioned<DirectoryStateDocument>> {
      clearInterval(timer);
      await renewing;
      return latest;
    },
  };
}

/** Decides and starts what one user's directory change means for their Cloud PC. */
async function reconcileUser(
  deps: SyncDeps,
  input: {
    tenantId: string;
    userId: string;
    state: DirectoryStateDocument;
    targets: Targets;
    userGroups: Set<string> | undefined;
    trigger: string;
    correlationId: string;
  },
): Promise<UserOutcome> {
  const { tenantId, userId, state, trigger } = input;
  const policy = desiredPolicy(input.targets, state, input.userGroups);
  const common = { requestedBy: deps.actor, correlationId: input.correlationId };
  if (policy) {
    const userPrincipalName = state.users[userId];
    if (!userPrincipalName) return 'busy';
    const requested = await requestProvisioning(deps, {
      tenantId,
      user: { id: userId, userPrincipalName },
      policy,
      trigger,
      ...common,
    });
    if (requested.kind !== 'exists') return requested.kind === 'requested' ? 'provisioning' : 'none';
    const existing = requested.cloudPc.value;
    // A job in flight (a grace period starting, a deprovisioning) may be about to undo what
    // this user needs: look again once it has finished. Provisioning itself already does.
    if (existing.status === 'deprovisioning') return 'busy';
    if (existing.activeJobId && existing.status !== 'provisioning') return 'busy';
    if (existing.status !== 'inGracePeriod') return 'none';
    // Back in scope during the grace period: the Cloud PC returns to service.
    const started = await startCloudPcJob(deps, {
      cloudPc: requested.cloudPc,
      allowedFrom: ['inGracePeriod'],
      job: {
        idempotencyKey: `${requested.cloudPc.value.id}:cancelGracePeriod:${trigger}`,
        payload: { kind: 'cancelGracePeriod', reason: 'The user is assigned again.' },
        ...common,
      },
    });
    return started.kind === 'started' ? 'graceCancelled' : started.kind === 'busy' ? 'busy' : 'none';
  }
  const cloudPc = await readEngineCloudPc(deps.store, tenantId, cloudPcIdFor(tenantId, userId));
  if (!cloudPc) return 'none';
  const status = cloudPc.value.status;
  if (status === 'inGracePeriod' || status === 'deprovisioning' || status === 'notProvisioned') return 'none';
  if (cloudPc.value.activeJobId || !(GRACE_FROM as readonly string[]).includes(status)) return 'busy';
  const started = await startCloudPcJob(deps, {
    cloudPc,
    allowedFrom: GRACE_FROM,
    job: {
      idempotencyKey: `${cloudPc.value.id}:startGracePeriod:${trigger}`,
      payload: { kind: 'startGracePeriod', reason: 'The user is no longer in a group the policy targets.' },
      ...common,
    },
  });
  return started.kind === 'started' ? 'graceStarted' : started.kind === 'busy' ? 'busy' : 'none';
}

/**
 * One directory sync round for a tenant: read Graph's group changes since the stored
 * delta link (a full round the first time, or after Graph answers 410), refresh the
 * members of targeted groups (fetching newly targeted ones whole), and for every
 * user whose membership or targeting changed, start what that means: a Cloud PC,
 * a grace period, or the end of one. The round holds a lease on the tenant's sync
 * state and commits the new delta link only at the end, so a crashed round is simply
 * redone, with the same job keys.
 */
export async function syncTenantDirectory(
  deps: SyncDeps,
  tenantId: string,
  options: { correlationId: string },
): Promise<SyncOutcome> {
  const lease = await claimLease(deps, tenantId);
  if ('busy' in lease) {
    return { kind: 'busy', leaseOwner: lease.busy.leaseOwner, leaseExpiresAt: lease.busy.leaseExpiresAt };
  }
  const log = deps.logger.child({ component: 'directory-sync', tenantId });
  const keeper = keepLease(deps, lease.claimed, log);
  try {
    return await runRound(deps, tenantId, options, lease.claimed.value, keeper.stop, log);
  } finally {
    await keeper.stop();
  }
}

async function runRound(
  deps: SyncDeps,
  tenantId: string,
  options: { correlationId: string },
  claimedState: DirectoryStateDocument,
  endLease: () => Promise<Versioned<DirectoryStateDocument>>,
  log: SyncDeps['logger'],
): Promise<SyncOutcome> {
  const targets = await loadTargets(deps.store, tenantId);
  const state: DirectoryStateDocument = structuredClone(claimedState);
  const changed = new Set<string>(state.pendingUserIds);

  let full = state.deltaLink === null;
  let resynced = false;
  let delta: DeltaRound;
  try {
    delta = await deps.graph.groupsDelta(state.deltaLink);
  } catch (error) {
    if (!isDeltaExpired(error)) throw error;
    log.warn('Graph no longer knows the delta link (410); running a full resync');
    resynced = true;
    full = true;
    delta = await deps.graph.groupsDelta(null);
  }

  if (full) {
    // Rebuild the member lists from scratch; everyone we knew about is re-checked.
    for (const members of Object.values(state.groups)) for (const userId of members) changed.add(userId);
    state.groups = {};
    state.users = {};
  } else {
    const unknownUsers = new Set<string>();
    for (const change of delta.changes) {
      const members = state.groups[change.groupId];
      if (!members || !targets.groupIds.has(change.groupId)) continue;
      const set = new Set(members);
      if (change.change === 'added') {
        set.add(change.userId);
        if (!state.users[change.userId]) unknownUsers.add(change.userId);
      } else {
        set.delete(change.userId);
      }
      state.groups[change.groupId] = [...set];
      changed.add(change.userId);
    }
    if (unknownUsers.size > 0) {
      for (const user of await deps.graph.getUsers([...unknownUsers]))
        state.users[user.id] = user.userPrincipalName;
    }
  }

  for (const groupId of Object.keys(state.groups)) {
    if (targets.groupIds.has(groupId)) continue;
    for (const userId of state.groups[groupId] ?? []) changed.add(userId);
    delete state.groups[groupId];
  }
  for (const groupId of targets.groupIds) {
    if (state.groups[groupId]) continue;
    const members = await deps.graph.listGroupMembers(groupId);
    state.groups[groupId] = members.map((member) => member.id);
    for (const member of members) {
      state.users[member.id] = member.userPrincipalName;
      changed.add(member.id);
    }
  }
  if (full) {
    for (const cloudPc of await listAllCloudPcs(deps.store, tenantId)) changed.add(cloudPc.value.userId);
  }

  const now = deps.now().toISOString();
  const assignedSince: Record<string, string> = {};
  for (const policy of [...targets.provisioningPolicies, ...targets.userSettings]) {
    for (const assignment of policy.assignments) {
      const key = assignmentKey(policy.id, assignment.groupId);
      assignedSince[key] = state.assignedSince[key] ?? now;
    }
  }
  state.assignedSince = assignedSince;

  const index = groupsByUser(state);
  const report: SyncReport = {
    round: state.round + 1,
    full,
    resynced,
    changedUsers: changed.size,
    provisioningRequested: 0,
    gracePeriodsStarted: 0,
    gracePeriodsCancelled: 0,
    pendingUsers: 0,
  };
  const pending: string[] = [];
  await mapLimit([...changed], deps.concurrency ?? 16, async (userId) => {
    const outcome = await reconcileUser(deps, {
      tenantId,
      userId,
      state,
      targets,
      userGroups: index.get(userId),
      trigger: `round-${state.round + 1}`,
      correlationId: options.correlationId,
    });
    if (outcome === 'provisioning') report.provisioningRequested += 1;
    if (outcome === 'graceStarted') report.gracePeriodsStarted += 1;
    if (outcome === 'graceCancelled') report.gracePeriodsCancelled += 1;
    if (outcome === 'busy') pending.push(userId);
  });
  report.pendingUsers = pending.length;

  // Only members of targeted groups need a name on record.
  state.users = Object.fromEntries(
    [...index.keys()].flatMap((userId) => {
      const upn = state.users[userId];
      return upn ? [[userId, upn]] : [];
    }),
  );
  const held = await endLease();
  try {
    await replaceDirectoryState(
      deps.store,
      {
        ...state,
        deltaLink: delta.deltaLink,
        pendingUserIds: pending,
        round: state.round + 1,
        leaseOwner: null,
        leaseExpiresAt: null,
        lastSyncDateTime: now,
        lastFullSyncDateTime: full ? now : state.lastFullSyncDateTime,
      },
      held.etag,
    );
  } catch (error) {
    if (error instanceof AppError && error.code === 'PreconditionFailed') {
      log.warn('another worker took the sync lease during the round; its result stands');
      return { kind: 'busy', leaseOwner: null, leaseExpiresAt: null };
    }
    throw error;
  }
  if (report.changedUsers > 0 || resynced) log.info({ ...report }, 'directory sync round');
  return { kind: 'synced', report };
}
