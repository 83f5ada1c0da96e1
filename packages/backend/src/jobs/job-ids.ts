import { createHash } from 'node:crypto';

/** Our own namespace for name-based (version 5) UUIDs. */
const NAMESPACE = 'c1f0d4a2-6b1e-5f4e-9d3a-7c2b8e0f5a61';

/** RFC 4122 version 5 UUID: the same name always gives the same id. */
export function nameBasedId(name: string): string {
  const namespace = Buffer.from(NAMESPACE.replaceAll('-', ''), 'hex');
  const bytes = createHash('sha1').update(namespace).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A user's Cloud PC id. One Cloud PC per user and tenant (the first assigned policy
 * wins), so the id is derived from both: two workers racing to provision the same
 * user try to create the same document and Cosmos lets exactly one succeed.
 */
export function cloudPcIdFor(tenantId: string, userId: string): string {
  return nameBasedId(`cloudpc/${tenantId}/${userId.toLowerCase()}`);
}

/** A job's id is its idempotency key hashed: asking twice for the same work finds the same job. */
export function jobIdFor(tenantId: string, idempotencyKey: string): string {
  return nameBasedId(`job/${tenantId}/${idempotencyKey}`);
}
