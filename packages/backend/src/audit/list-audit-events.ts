import type { AuditEvent, ListQuery } from '@cloudpc/api-client';
import { decodeSkipToken, encodeSkipToken, type FilterFields, parseFilter } from '../odata/odata-query.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import { queryAuditEvents } from './audit-repository.ts';

const FILTER_FIELDS: FilterFields = {
  activityOperationType: {
    path: 'activityOperationType',
    type: 'enum',
    values: ['create', 'delete', 'patch', 'other'],
  },
  activityResult: {
    path: 'activityResult',
    type: 'enum',
    values: ['success', 'clientError', 'failure', 'timeout', 'other'],
  },
  activity: { path: 'activity', type: 'string' },
  componentName: { path: 'componentName', type: 'string' },
  correlationId: { path: 'correlationId', type: 'string' },
  regionName: { path: 'regionName', type: 'string' },
  'actor/userPrincipalName': { path: 'actor.userPrincipalName', type: 'string' },
  'actor/applicationId': { path: 'actor.applicationId', type: 'string' },
};

export async function listAuditEvents(
  store: CosmosStore,
  options: { tenantId: string; query: ListQuery },
): Promise<{ items: AuditEvent[]; skipToken?: string }> {
  const page = await queryAuditEvents(store, {
    tenantId: options.tenantId,
    conditions: parseFilter(options.query.$filter, FILTER_FIELDS),
    top: options.query.$top ?? 100,
    ...(options.query.$skiptoken ? { after: decodeSkipToken(options.query.$skiptoken) } : {}),
  });
  // The response schema strips tenantId and docType on the way out.
  const items = page.items.map(({ value }) => ({
    '@odata.type': '#microsoft.graph.cloudPcAuditEvent' as const,
    ...value,
  }));
  return { items, ...(page.next ? { skipToken: encodeSkipToken(page.next) } : {}) };
}
