import { CLOUD_PC_STATUSES, type CloudPc, type ListQuery } from '@cloudpc/api-client';
import { AppError } from '../errors/app-error.ts';
import { decodeSkipToken, encodeSkipToken, type FilterFields, parseFilter } from '../odata/odata-query.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import type { Condition } from '../storage/documents.ts';
import {
  type CloudPcDocument,
  type CloudPcSortField,
  queryCloudPcs,
  readCloudPc,
} from './cloud-pc-repository.ts';

const FILTER_FIELDS: FilterFields = {
  status: { path: 'status', type: 'enum', values: CLOUD_PC_STATUSES },
  userPrincipalName: { path: 'userPrincipalName', type: 'string' },
  provisioningPolicyId: { path: 'provisioningPolicyId', type: 'guid' },
  regionName: { path: 'regionName', type: 'string' },
  servicePlanId: { path: 'servicePlanId', type: 'guid' },
  displayName: { path: 'displayName', type: 'string' },
  managedDeviceName: { path: 'managedDeviceName', type: 'string' },
};

const SORT_FIELDS: readonly CloudPcSortField[] = [
  'displayName',
  'userPrincipalName',
  'status',
  'lastModifiedDateTime',
];

function parseOrderBy(orderBy: string | undefined): { path: CloudPcSortField; direction: 'ASC' | 'DESC' } {
  if (orderBy === undefined) return { path: 'displayName', direction: 'ASC' };
  const match = /^\s*([A-Za-z]+)(?:\s+(asc|desc))?\s*$/i.exec(orderBy);
  const field = SORT_FIELDS.find((candidate) => candidate === match?.[1]);
  if (!match || !field) {
    throw new AppError('BadRequest', `$orderby supports one of ${SORT_FIELDS.join(', ')} with asc or desc.`, {
      details: [{ target: '$orderby', message: `Sort by one of ${SORT_FIELDS.join(', ')}.` }],
    });
  }
  return { path: field, direction: match[2]?.toLowerCase() === 'desc' ? 'DESC' : 'ASC' };
}

export function toCloudPcResource(document: CloudPcDocument): CloudPc {
  // The response schema drops userId, tenantId and docType on the way out.
  return { '@odata.type': '#microsoft.graph.cloudPC', ...document };
}

/**
 * `$search`: a case-insensitive substring of the display name, the user's sign-in name or
 * the device name (what an admin types into the grid's search box). Graph's
 * `"displayName:…"` wrapper is accepted too. A scan within the tenant's partition, bounded
 * by TOP like every list.
 */
function searchTextOf(search: string | undefined): string | undefined {
  if (search === undefined) return undefined;
  const wrapped = /^"(?:\w+:)?([^"]*)"$/.exec(search.trim());
  const text = (wrapped ? (wrapped[1] ?? '') : search).trim().toLowerCase();
  if (text.length > 100) {
    throw new AppError('BadRequest', '$search is too long.', {
      details: [{ target: '$search', message: 'Search for at most 100 characters.' }],
    });
  }
  return text || undefined;
}

async function listWith(
  store: CosmosStore,
  tenantId: string,
  query: ListQuery,
  extra: Condition[],
): Promise<{ items: CloudPc[]; skipToken?: string }> {
  const page = await queryCloudPcs(store, {
    tenantId,
    conditions: [...parseFilter(query.$filter, FILTER_FIELDS), ...extra],
    search: searchTextOf(query.$search),
    orderBy: parseOrderBy(query.$orderby),
    top: query.$top ?? 100,
    ...(query.$skiptoken ? { after: decodeSkipToken(query.$skiptoken) } : {}),
  });
  return {
    items: page.items.map(({ value }) => toCloudPcResource(value)),
    ...(page.next ? { skipToken: encodeSkipToken(page.next) } : {}),
  };
}

/** Every Cloud PC of the tenant, for admins and support staff. */
export function listCloudPcs(options: { store: CosmosStore; tenantId: string; query: ListQuery }) {
  return listWith(options.store, options.tenantId, options.query, []);
}

export async function getCloudPc(options: {
  store: CosmosStore;
  tenantId: string;
  id: string;
}): Promise<CloudPc> {
  const found = await readCloudPc(options.store, options.tenantId, options.id);
  if (!found) throw new AppError('NotFound', `Cloud PC ${options.id} was not found.`);
  return toCloudPcResource(found.value);
}

/** The caller's own Cloud PCs. */
export function listMyCloudPcs(options: {
  store: CosmosStore;
  tenantId: string;
  userId: string;
  query: ListQuery;
}) {
  return listWith(options.store, options.tenantId, options.query, [
    { path: 'userId', value: options.userId },
  ]);
}

/** Another user's Cloud PC answers exactly like a missing one: its existence is not the caller's to learn. */
export async function getMyCloudPc(options: {
  store: CosmosStore;
  tenantId: string;
  userId: string;
  id: string;
}): Promise<CloudPc> {
  const found = await readCloudPc(options.store, options.tenantId, options.id);
  if (!found || found.value.userId !== options.userId) {
    throw new AppError('NotFound', `Cloud PC ${options.id} was not found.`);
  }
  return toCloudPcResource(found.value);
}
