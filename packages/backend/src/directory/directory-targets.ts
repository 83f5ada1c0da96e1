import { type PolicyDocumentBase, queryPolicyDocuments } from '../policies/policy-repository.ts';
import type { ProvisioningPolicyDocument } from '../policies/provisioning-policies.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import type { UserSettingDocument } from '../user-settings/user-settings.ts';
import type { DirectoryStateDocument } from './directory-state-repository.ts';

/**
 * Which groups the tenant's policies target, and for a user which provisioning
 * policy and which user setting apply: the one assigned first (when the sync first
 * saw the assignment), then the older policy, then the id, so every worker decides
 * the same way.
 */
export interface Targets {
  provisioningPolicies: ProvisioningPolicyDocument[];
  userSettings: UserSettingDocument[];
  /** Every group some policy or user setting targets. */
  groupIds: Set<string>;
}

async function listAll<T extends PolicyDocumentBase>(
  store: CosmosStore,
  tenantId: string,
  docType: T['docType'],
): Promise<T[]> {
  const all: T[] = [];
  let after: { value: string | number; id: string } | undefined;
  do {
    const page = await queryPolicyDocuments<T>(store, {
      tenantId,
      docType,
      conditions: [],
      top: 1000,
      ...(after ? { after } : {}),
    });
    all.push(...page.items.map((item) => item.value));
    after = page.next;
  } while (after);
  return all;
}

export async function loadTargets(store: CosmosStore, tenantId: string): Promise<Targets> {
  const [provisioningPolicies, userSettings] = await Promise.all([
    listAll<ProvisioningPolicyDocument>(store, tenantId, 'provisioningPolicy'),
    listAll<UserSettingDocument>(store, tenantId, 'userSetting'),
  ]);
  const groupIds = new Set<string>();
  for (const policy of [...provisioningPolicies, ...userSettings]) {
    for (const assignment of policy.assignments) groupIds.add(assignment.groupId);
  }
  return { provisioningPolicies, userSettings, groupIds };
}

export const assignmentKey = (policyId: string, groupId: string) => `${policyId}/${groupId}`;

/** user id -> the targeted groups they are in, from the state's member lists. */
export function groupsByUser(state: Pick<DirectoryStateDocument, 'groups'>): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const [groupId, members] of Object.entries(state.groups)) {
    for (const userId of members) {
      let groups = index.get(userId);
      if (!groups) {
        groups = new Set();
        index.set(userId, groups);
      }
      groups.add(groupId);
    }
  }
  return index;
}

function firstAssigned<T extends PolicyDocumentBase>(
  policies: T[],
  userGroups: Set<string> | undefined,
  assignedSince: Record<string, string>,
): T | undefined {
  if (!userGroups || userGroups.size === 0) return undefined;
  let best: { policy: T; since: string } | undefined;
  for (const policy of policies) {
    for (const assignment of policy.assignments) {
      if (!userGroups.has(assignment.groupId)) continue;
      const since = assignedSince[assignmentKey(policy.id, assignment.groupId)] ?? '9999';
      const better =
        !best ||
        since < best.since ||
        (since === best.since && policy.createdDateTime < best.policy.createdDateTime) ||
        (since === best.since &&
          policy.createdDateTime === best.policy.createdDateTime &&
          policy.id < best.policy.id);
      if (better) best = { policy, since };
    }
  }
  return best?.policy;
}

export function desiredPolicy(
  targets: Targets,
  state: Pick<DirectoryStateDocument, 'assignedSince'>,
  userGroups: Set<string> | undefined,
): ProvisioningPolicyDocument | undefined {
  return firstAssigned(targets.provisioningPolicies, userGroups, state.assignedSince);
}

export function effectiveUserSetting(
  targets: Targets,
  state: Pick<DirectoryStateDocument, 'assignedSince'>,
  userGroups: Set<string> | undefined,
): UserSettingDocument | undefined {
  return firstAssigned(targets.userSettings, userGroups, state.assignedSince);
}
