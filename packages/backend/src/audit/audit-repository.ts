import type { AuditEvent } from '@cloudpc/api-client';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import type { Condition } from '../storage/documents.ts';
import { createDocument, type PageResult, queryPage, type StoredDocument } from '../storage/documents.ts';

export type AuditRecord = Omit<AuditEvent, '@odata.type'>;
export interface AuditDocument extends AuditRecord, StoredDocument {
  docType: 'auditEvent';
}

export async function insertAuditEvent(store: CosmosStore, document: AuditDocument): Promise<void> {
  await createDocument(store.container('audit'), document, 'Audit event');
}

export function queryAuditEvents(
  store: CosmosStore,
  options: {
    tenantId: string;
    conditions: Condition[];
    top: number;
    after?: { value: string | number; id: string };
  },
): Promise<PageResult<AuditDocument>> {
  return queryPage<AuditDocument>(store.container('audit'), {
    tenantId: options.tenantId,
    docType: 'auditEvent',
    conditions: options.conditions,
    orderBy: { path: 'activityDateTime', direction: 'DESC' },
    top: options.top,
    ...(options.after ? { after: options.after } : {}),
  });
}
