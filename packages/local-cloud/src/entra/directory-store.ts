import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SeedDirectory, SeedGroup, SeedTenant, SeedUser } from './seed-directory.ts';

/** One membership change; the per-tenant log of these is what delta tokens point into. */
export interface MembershipChange {
  /** 1-based position in the tenant's log; a delta token carries the last one seen. */
  version: number;
  op: 'add' | 'remove';
  groupId: string;
  userId: string;
  at: string;
}

interface PersistedState {
  format: 1;
  tenants: Record<string, MembershipChange[]>;
}

export type DirectoryErrorCode = 'NotFound' | 'AlreadyMember' | 'NotMember';

export class DirectoryError extends Error {
  readonly code: DirectoryErrorCode;
  constructor(code: DirectoryErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

interface TenantState {
  seed: SeedTenant;
  usersById: Map<string, SeedUser>;
  groupsById: Map<string, SeedGroup>;
  /** Current membership: group id -> ordered set of user ids. */
  members: Map<string, Set<string>>;
  changes: MembershipChange[];
}

export interface DirectoryStore {
  readonly seed: SeedDirectory;
  tenantIds(): string[];
  tenant(tenantId: string): SeedTenant | undefined;
  /** Finds a user by UPN across tenants (UPN domains are unique per tenant). */
  findUserByUpn(upn: string): { tenantId: string; user: SeedUser } | undefined;
  getUser(tenantId: string, userId: string): SeedUser | undefined;
  listUsers(tenantId: string): SeedUser[];
  listGroups(tenantId: string): SeedGroup[];
  getGroup(tenantId: string, groupId: string): SeedGroup | undefined;
  memberIds(tenantId: string, groupId: string): string[];
  groupIdsOf(tenantId: string, userId: string): string[];
  addMember(tenantId: string, groupId: string, userId: string): MembershipChange;
  removeMember(tenantId: string, groupId: string, userId: string): MembershipChange;
  version(tenantId: string): number;
  changesSince(tenantId: string, version: number): MembershipChange[];
  /** Membership as it was right after change `version` (0 = the seed). */
  membershipAt(tenantId: string, version: number): Map<string, string[]>;
}

function seedMembership(seed: SeedTenant): Map<string, Set<string>> {
  return new Map(seed.groups.map((g) => [g.id, new Set(g.memberIds)]));
}

function apply(members: Map<string, Set<string>>, change: MembershipChange): void {
  const set = members.get(change.groupId);
  if (!set) return;
  if (change.op === 'add') set.add(change.userId);
  else set.delete(change.userId);
}

function readPersisted(file: string | undefined): PersistedState | undefined {
  if (!file) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as PersistedState;
    return parsed.format === 1 ? parsed : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`local Entra: cannot read ${file}: ${(error as Error).message}`);
  }
}

/**
 * The seed plus a per-tenant log of membership changes. The log is the persisted
 * state (`<dataDir>/entra/directory.json`), so membership and delta tokens survive
 * restarts and a token can always be answered by replaying the log.
 */
export function createDirectoryStore(seed: SeedDirectory, file?: string): DirectoryStore {
  const tenants = new Map<string, TenantState>();
  const persisted = readPersisted(file);
  for (const t of seed.tenants) {
    const state: TenantState = {
      seed: t,
      usersById: new Map(t.users.map((u) => [u.id, u])),
      groupsById: new Map(t.groups.map((g) => [g.id, g])),
      members: seedMembership(t),
      changes: [],
    };
    for (const change of persisted?.tenants[t.tenantId] ?? []) {
      if (!state.groupsById.has(change.groupId) || !state.usersById.has(change.userId)) continue;
      const normalized = { ...change, version: state.changes.length + 1 };
      state.changes.push(normalized);
      apply(state.members, normalized);
    }
    tenants.set(t.tenantId, state);
  }

  const upnIndex = new Map<string, { tenantId: string; user: SeedUser }>();
  for (const t of seed.tenants) {
    for (const user of t.users)
      upnIndex.set(user.userPrincipalName.toLowerCase(), { tenantId: t.tenantId, user });
  }

  function save(): void {
    if (!file) return;
    const state: PersistedState = {
      format: 1,
      tenants: Object.fromEntries([...tenants].map(([id, t]) => [id, t.changes])),
    };
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, file);
  }

  function mustTenant(tenantId: string): TenantState {
    const t = tenants.get(tenantId);
    if (!t) throw new DirectoryError('NotFound', `Tenant '${tenantId}' not found.`);
    return t;
  }

  function mustGroup(t: TenantState, groupId: string): Set<string> {
    const set = t.members.get(groupId);
    if (!set)
      throw new DirectoryError(
        'NotFound',
        `Resource '${groupId}' does not exist or one of its queried reference-property objects are not present.`,
      );
    return set;
  }

  function record(
    t: TenantState,
    op: MembershipChange['op'],
    groupId: string,
    userId: string,
  ): MembershipChange {
    const change: MembershipChange = {
      version: t.changes.length + 1,
      op,
      groupId,
      userId,
      at: new Date().toISOString(),
    };
    t.changes.push(change);
    apply(t.members, change);
    save();
    return change;
  }

  return {
    seed,
    tenantIds: () => [...tenants.keys()],
    tenant: (tenantId) => tenants.get(tenantId)?.seed,
    findUserByUpn: (upn) => upnIndex.get(upn.trim().toLowerCase()),
    getUser: (tenantId, userId) => tenants.get(tenantId)?.usersById.get(userId),
    listUsers: (tenantId) => tenants.get(tenantId)?.seed.users ?? [],
    listGroups: (tenantId) => tenants.get(tenantId)?.seed.groups ?? [],
    getGroup: (tenantId, groupId) => tenants.get(tenantId)?.groupsById.get(groupId),
    memberIds: (tenantId, groupId) => [...mustGroup(mustTenant(tenantId), groupId)],
    groupIdsOf(tenantId, userId) {
      const t = tenants.get(tenantId);
      if (!t) return [];
      return [...t.members].filter(([, set]) => set.has(userId)).map(([groupId]) => groupId);
    },
    addMember(tenantId, groupId, userId) {
      const t = mustTenant(tenantId);
      const set = mustGroup(t, groupId);
      if (!t.usersById.has(userId)) {
        throw new DirectoryError(
          'NotFound',
          `Resource '${userId}' does not exist or one of its queried reference-property objects are not present.`,
        );
      }
      if (set.has(userId)) {
        throw new DirectoryError(
          'AlreadyMember',
          "One or more added object references already exist for the following modified properties: 'members'.",
        );
      }
      return record(t, 'add', groupId, userId);
    },
    removeMember(tenantId, groupId, userId) {
      const t = mustTenant(tenantId);
      const set = mustGroup(t, groupId);
      if (!set.has(userId)) {
        throw new DirectoryError(
          'NotMember',
          `Resource '${userId}' does not exist or one of its queried reference-property objects are not present.`,
        );
      }
      return record(t, 'remove', groupId, userId);
    },
    version: (tenantId) => mustTenant(tenantId).changes.length,
    changesSince: (tenantId, version) => mustTenant(tenantId).changes.slice(Math.max(0, version)),
    membershipAt(tenantId, version) {
      const t = mustTenant(tenantId);
      const members = seedMembership(t.seed);
      for (const change of t.changes.slice(0, Math.max(0, version))) apply(members, change);
      return new Map([...members].map(([id, set]) => [id, [...set]]));
    },
  };
}
