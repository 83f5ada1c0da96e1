import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '@cloudpc/api-client';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import type { RequestContext } from './actor.ts';
import { type AuditDocument, insertAuditEvent } from './audit-repository.ts';

export interface AuditInput {
  context: RequestContext;
  activity: string;
  operation: AuditEvent['activityOperationType'];
  resource: { id: string; displayName: string; type: string };
  before?: object | null;
  after?: object | null;
  result?: AuditEvent['activityResult'];
  jobId?: string | null;
}

const IGNORED_FIELDS = new Set(['lastModifiedDateTime', 'createdDateTime', 'docType', 'tenantId', 'id']);

/** Top-level fields whose JSON differs between before and after. */
export function diffProperties(
  before: object | null | undefined,
  after: object | null | undefined,
): AuditEvent['resources'][number]['modifiedProperties'] {
  const old = (before ?? {}) as Record<string, unknown>;
  const next = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])].filter(
    (key) => !IGNORED_FIELDS.has(key),
  );
  return keys
    .sort()
    .map((key) => ({
      displayName: key,
      oldValue: key in old ? JSON.stringify(old[key]) : null,
      newValue: key in next ? JSON.stringify(next[key]) : null,
    }))
    .filter((property) => property.oldValue !== property.newValue);
}

/**
 * Writes one audit event. Called after the change it describes has been stored, so
 * the log never claims a change that did not happen.
 */
export async function recordAuditEvent(store: CosmosStore, input: AuditInput): Promise<void> {
  const { context } = input;
  const document: AuditDocument = {
    id: randomUUID(),
    tenantId: context.tenantId,
    docType: 'auditEvent',
    displayName: `${input.activity} ${input.resource.displayName}`.trim(),
    componentName: input.resource.type,
    activity: input.activity,
    activityDateTime: context.now().toISOString(),
    activityType: `${input.activity} ${input.resource.type}`,
    activityOperationType: input.operation,
    activityResult: input.result ?? 'success',
    correlationId: context.requestId,
    category: 'cloudPC',
    actor: {
      type: context.actor.type,
      userId: context.actor.type === 'user' ? context.actor.objectId : null,
      userPrincipalName: context.actor.userPrincipalName,
      applicationId: context.actor.applicationId,
      applicationDisplayName: null,
    },
    resources: [
      {
        resourceId: input.resource.id,
        displayName: input.resource.displayName,
        resourceType: input.resource.type,
        modifiedProperties: diffProperties(input.before, input.after),
      },
    ],
    regionName: context.region,
    jobId: input.jobId ?? null,
  };
  await insertAuditEvent(store, document);
}
