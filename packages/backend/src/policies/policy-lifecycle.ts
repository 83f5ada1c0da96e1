import { randomUUID } from 'node:crypto';
import type { ListQuery } from '@cloudpc/api-client';
import type { RequestContext } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { AppError } from '../errors/app-error.ts';
import { decodeSkipToken, encodeSkipToken, type FilterFields, parseFilter } from '../odata/odata-query.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import type { Versioned } from '../storage/documents.ts';
import { fromIfMatch } from '../storage/etag.ts';
import {
  insertPolicyDocument,
  type PolicyDocumentBase,
  queryPolicyDocuments,
  readPolicyDocument,
  removePolicyDocument,
  replacePolicyDocument,
} from './policy-repository.ts';

/**
 * The life of an assignable policy (provisioning policy or user settings): read,
 * list, change under If-Match, delete unless assigned, and replace the assignment
 * set, each change audited. The two kinds differ only in their fields and checks.
 */
export interface PolicyKind<TDocument extends PolicyDocumentBase, TResource> {
  docType: TDocument['docType'];
  /** Audit resource type and error wording. */
  resourceType: string;
  label: string;
  filterFields: FilterFields;
  toResource(document: TDocument, etag: string, options: { expandAssignments: boolean }): TResource;
}

function expandsAssignments(expand: string | undefined): boolean {
  if (expand === undefined) return false;
  const names = expand.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => name !== 'assignments');
  if (unknown.length > 0) {
    throw new AppError(
      'BadRequest',
      `Cannot expand ${unknown.join(', ')}; only assignments can be expanded.`,
      {
        details: [{ target: '$expand', message: 'Only assignments can be expanded.' }],
      },
    );
  }
  return true;
}

export async function loadPolicy<TDocument extends PolicyDocumentBase, TResource>(
  store: CosmosStore,
  kind: PolicyKind<TDocument, TResource>,
  tenantId: string,
  id: string,
): Promise<Versioned<TDocument>> {
  const found = await readPolicyDocument<TDocument>(store, tenantId, id, kind.docType);
  if (!found) throw new AppError('NotFound', `${kind.label} ${id} was not found.`);
  return found;
}

export async function getPolicyResource<TDocument extends PolicyDocumentBase, TResource>(
  store: CosmosStore,
  kind: PolicyKind<TDocument, TResource>,
  options: { tenantId: string; id: string; expand?: string },
): Promise<{ resource: TResource; etag: string }> {
  const expandAssignments = expandsAssignments(options.expand);
  const { value, etag } = await loadPolicy(store, kind, options.tenantId, options.id);
  return { resource: kind.toResource(value, etag, { expandAssignments }), etag };
}

export async function listPolicyResources<TDocument extends PolicyDocumentBase, TResource>(
  store: CosmosStore,
  kind: PolicyKind<TDocument, TResource>,
  options: { tenantId: string; query: ListQuery },
): Promise<{ items: TResource[]; skipToken?: string }> {
  const expandAssignments = expandsAssignments(options.query.$expand);
  const page = await queryPolicyDocuments<TDocument>(store, {
    tenantId: options.tenantId,
    docType: kind.docType,
    conditions: parseFilter(options.query.$filter, kind.filterFields),
    top: options.query.$top ?? 100,
    ...(options.query.$skiptoken ? { after: decodeSkipToken(options.query.$skiptoken) } : {}),
  });
  return {
    items: page.items.map(({ value, etag }) => kind.toResource(value, etag, { expandAssignments })),
    ...(page.next ? { skipToken: encodeSkipToken(page.next) } : {}),
  };
}

export async function insertPolicy<TDocument extends PolicyDocumentBase, TResource>(
  store: CosmosStore,
  kind: PolicyKind<TDocument, TResource>,
  context: RequestContext,
  fields: Omit<
    TDocument,
    'id' | 'tenantId' | 'docType' | 'assignments' | 'createdDateTime' | 'lastModifiedDateTime'
  >,
): Promise<{ resource: TResource; etag: string }> {
  const now = context.now().toISOString();
  const document = {
    ...fields,
    id: randomUUID(),
    tenantId: context.tenantId,
    docType: kind.docType,
    assignments: [],
    createdDateTime: now,
    lastModifiedDateTime: now,
  } as unknown as TDocument;
  const stored = await insertPolicyDocument(store, document, kind.label);
  await recordAuditEvent(store, {
    context,
    activity: `Create ${kind.resourceType}`,
    operation: 'create',
    resource: { id: document.id, displayName: document.displayName, type: kind.resourceType },
    before: null,
    after: stored.value,
  });
  return {
    resource: kind.toResource(stored.value, stored.etag, { expandAssignments: false }),
    etag: stored.etag,
  };
}

/**
 * Applies `change` to the stored document under optimistic concurrency: with
 * If-Match the caller's version must still be current (412 otherwise); without it
 * the version we just read must be, so two writers can never silently merge.
 */
export async function changePolicy<TDocument extends PolicyDocumentBase, TResource>(
  store: CosmosStore,
  kind: PolicyKind<TDocument, TResource>,
  options: {
    context: RequestContext;
    id: string;
    ifMatch?: string | null;
    activity: string;
    change: (current: TDocument) => TDocument;
  },
): Promise<{ resource: TResource; etag: string }> {
  const { context } = options;
  const current = await loadPolicy(store, kind, context.tenantId, options.id);
  const wanted = fromIfMatch(options.ifMatch);
  if (wanted !== undefined && wanted !== '*' && wanted !== current.etag) {
    throw new AppError(
      'PreconditionFailed',
      `${kind.label} was changed by someone else. Reload it and apply your change again.`,
    );
  }
  const next = {
    ...options.change(current.value),
    id: current.value.id,
    tenantId: current.value.tenantId,
    docType: current.value.docType,
    createdDateTime: current.value.createdDateTime,
    lastModifiedDateTime: context.now().toISOString(),
  };
  const stored = await replacePolicyDocument(store, next, current.etag, kind.label);
  await recordAuditEvent(store, {
    context,
    activity: options.activity,
    operation: options.activity.startsWith('Assign') ? 'other' : 'patch',
    resource: { id: next.id, displayName: next.displayName, type: kind.resourceType },
    before: current.value,
    after: stored.value,
  });
  return {
    resource: kind.toResource(stored.value, stored.etag, { expandAssignments: true }),
    etag: stored.etag,
  };
}

export async function deletePolicy<TDocument extends PolicyDocumentBase, TResource>(
  store: CosmosStore,
  kind: PolicyKind<TDocument, TResource>,
  options: { context: RequestContext; id: string; ifMatch?: string | null },
): Promise<void> {
  const { context } = options;
  const current = await loadPolicy(store, kind, context.tenantId, options.id);
  const wanted = fromIfMatch(options.ifMatch);
  if (wanted !== undefined && wanted !== '*' && wanted !== current.etag) {
    throw new AppError('PreconditionFailed', `${kind.label} was changed by someone else. Reload it first.`);
  }
  if (current.value.assignments.length > 0) {
    throw new AppError(
      'Conflict',
      `${kind.label} "${current.value.displayName}" is assigned to ${current.value.assignments.length} group(s). Remove its assignments before deleting it.`,
    );
  }
  await removePolicyDocument(store, context.tenantId, current.value.id, current.etag, kind.label);
  await recordAuditEvent(store, {
    context,
    activity: `Delete ${kind.resourceType}`,
    operation: 'delete',
    resource: { id: current.value.id, displayName: current.value.displayName, type: kind.resourceType },
    before: current.value,
    after: null,
  });
}

/** Replaces the assignment set, keeping the ids of groups that stay assigned. */
export function assignGroups<TDocument extends PolicyDocumentBase, TResource>(
  store: CosmosStore,
  kind: PolicyKind<TDocument, TResource>,
  options: { context: RequestContext; id: string; groupIds: string[] },
): Promise<{ resource: TResource; etag: string }> {
  const groupIds = [...new Set(options.groupIds.map((id) => id.toLowerCase()))];
  return changePolicy(store, kind, {
    context: options.context,
    id: options.id,
    activity: `Assign ${kind.resourceType}`,
    change: (current) => ({
      ...current,
      assignments: groupIds.map(
        (groupId) =>
          current.assignments.find((assignment) => assignment.groupId === groupId) ?? {
            id: `${current.id}_${groupId}`,
            groupId,
          },
      ),
    }),
  });
}
