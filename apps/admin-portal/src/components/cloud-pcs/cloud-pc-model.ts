import type { CloudPc, CloudPcStatus, ListQuery } from '@cloudpc/api-client';

/** Statuses in which the service is still working on the Cloud PC: the views keep polling. */
export const TRANSITIONAL_STATUSES: readonly CloudPcStatus[] = [
  'provisioning',
  'resizing',
  'restoring',
  'deprovisioning',
];

/** Work is under way on this Cloud PC (a status change or a remote action not yet finished). */
export function isBusy(cloudPc: Pick<CloudPc, 'status' | 'lastRemoteActionResult'>): boolean {
  const state = cloudPc.lastRemoteActionResult?.actionState;
  return TRANSITIONAL_STATUSES.includes(cloudPc.status) || state === 'pending' || state === 'active';
}

/** How often a view polls while work is under way; idle views do not poll. */
export const LIVE_REFRESH_MS = 3_000;

export type BulkAction = 'reboot' | 'reprovision' | 'troubleshoot' | 'resize';
export type DetailAction = BulkAction | 'rename' | 'restore' | 'endGracePeriod' | 'powerOn' | 'powerOff';

const READY: readonly CloudPcStatus[] = ['provisioned', 'provisionedWithWarnings'];

/**
 * The statuses each action starts from. It mirrors the API's lifecycle table
 * (packages/backend/src/cloud-pcs/cloud-pc-lifecycle.ts) so buttons explain themselves
 * before the API would answer 409; the API still decides.
 */
export const ACTION_ALLOWED_FROM: Record<DetailAction, readonly CloudPcStatus[]> = {
  reboot: READY,
  rename: [...READY, 'failed'],
  reprovision: [...READY, 'failed'],
  resize: READY,
  restore: READY,
  troubleshoot: [...READY, 'failed'],
  endGracePeriod: ['inGracePeriod'],
  powerOn: READY,
  powerOff: READY,
};

export const ACTION_LABELS: Record<DetailAction, string> = {
  reboot: 'Restart',
  reprovision: 'Reprovision',
  troubleshoot: 'Troubleshoot',
  resize: 'Resize',
  rename: 'Rename',
  restore: 'Restore',
  endGracePeriod: 'End grace period',
  powerOn: 'Power on',
  powerOff: 'Power off',
};

/** Actions confirmed in a dialog that says what will happen (rename and restore have their own). */
export type ConfirmedAction = BulkAction | 'powerOn' | 'powerOff' | 'endGracePeriod';

/** What happens, in words, for confirmation dialogs. */
export const ACTION_CONSEQUENCES: Record<ConfirmedAction, string> = {
  reboot: 'Each Cloud PC restarts. Signed-in users are disconnected and lose unsaved work.',
  reprovision:
    'Each Cloud PC is rebuilt from its provisioning policy. Everything on it, including users’ files and apps, is deleted. This cannot be undone.',
  troubleshoot: 'The service checks each Cloud PC’s health and repairs what it can. Users stay connected.',
  resize:
    'Each Cloud PC moves to the chosen size. Users are disconnected while it resizes; their files and apps are kept.',
  powerOn: 'Each Cloud PC starts; users can connect once it is running.',
  powerOff: 'Each Cloud PC shuts down. Signed-in users are disconnected and lose unsaved work.',
  endGracePeriod:
    'The grace period ends now and each Cloud PC is deprovisioned: its user loses it and everything on it.',
};

/** Why an action is not available on this Cloud PC now, or undefined when it is. */
export function unavailableReason(
  cloudPc: Pick<CloudPc, 'status' | 'lastRemoteActionResult'> & Partial<Pick<CloudPc, 'powerState'>>,
  action: DetailAction,
  statusLabel: (status: CloudPcStatus) => string,
): string | undefined {
  const state = cloudPc.lastRemoteActionResult?.actionState;
  if (state === 'pending' || state === 'active') {
    return `Wait until “${cloudPc.lastRemoteActionResult?.actionName}” finishes.`;
  }
  if (!ACTION_ALLOWED_FROM[action].includes(cloudPc.status)) {
    return `Not available while the Cloud PC is ${statusLabel(cloudPc.status).toLowerCase()}.`;
  }
  if (action === 'powerOn' && cloudPc.powerState === 'running') return 'The Cloud PC is already running.';
  if (action === 'powerOff' && cloudPc.powerState === 'poweredOff') return 'The Cloud PC is already off.';
  return undefined;
}

export type SortColumn = 'displayName' | 'userPrincipalName' | 'status' | 'lastModifiedDateTime';
export interface SortState {
  column: SortColumn;
  direction: 'ascending' | 'descending';
}

export interface CloudPcFilters {
  status: CloudPcStatus | '';
  regionName: string;
  /** Exact user principal name. */
  userPrincipalName: string;
  provisioningPolicyId: string;
  /** Free text: part of the display name, the user's sign-in name or the device name. */
  search: string;
}

export const NO_FILTERS: CloudPcFilters = {
  status: '',
  regionName: '',
  userPrincipalName: '',
  provisioningPolicyId: '',
  search: '',
};

export function hasFilters(filters: CloudPcFilters): boolean {
  return Object.values(filters).some((value) => value.trim() !== '');
}

const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** The OData `$filter` for the filters set (the API supports `eq` joined by `and`). */
export function filterExpression(filters: CloudPcFilters): string | undefined {
  const clauses: string[] = [];
  if (filters.status) clauses.push(`status eq ${quote(filters.status)}`);
  if (filters.regionName) clauses.push(`regionName eq ${quote(filters.regionName)}`);
  if (filters.provisioningPolicyId)
    clauses.push(`provisioningPolicyId eq ${quote(filters.provisioningPolicyId)}`);
  const user = filters.userPrincipalName.trim();
  if (user) clauses.push(`userPrincipalName eq ${quote(user)}`);
  return clauses.length > 0 ? clauses.join(' and ') : undefined;
}

export function listQuery(options: {
  filters: CloudPcFilters;
  sort: SortState;
  pageSize: number;
  skipToken?: string | undefined;
}): ListQuery {
  const filter = filterExpression(options.filters);
  const search = options.filters.search.trim();
  return {
    ...(search ? { $search: search } : {}),
    $top: options.pageSize,
    $orderby: `${options.sort.column} ${options.sort.direction === 'descending' ? 'desc' : 'asc'}`,
    ...(filter ? { $filter: filter } : {}),
    ...(options.skipToken ? { $skiptoken: options.skipToken } : {}),
  };
}

/** The `$skiptoken` of an `@odata.nextLink` (absolute or relative), to ask for the next page. */
export function skipTokenOf(nextLink: string | undefined): string | undefined {
  if (!nextLink) return undefined;
  try {
    return new URL(nextLink, 'http://local').searchParams.get('$skiptoken') ?? undefined;
  } catch {
    return undefined;
  }
}

const ACTION_STATE_LABELS = {
  none: 'None',
  pending: 'Pending',
  active: 'In progress',
  done: 'Done',
  failed: 'Failed',
} as const;

/** The last remote action and its state, e.g. "reboot: Done"; an em dash when none ran. */
export function describeLastAction(cloudPc: Pick<CloudPc, 'lastRemoteActionResult'>): string {
  const result = cloudPc.lastRemoteActionResult;
  if (!result) return '—';
  return `${result.actionName}: ${ACTION_STATE_LABELS[result.actionState]}`;
}
