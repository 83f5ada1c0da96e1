import { ZCreateProvisioningPolicy, ZUpdateProvisioningPolicy } from '@cloudpc/api-client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { POLICIES, VE, validPolicy } from './fixtures.ts';

/**
 * Generated garbage at every mutating route: never a 5xx, and a rejected request
 * changes nothing (no document, no audit event, no new ETag).
 */
const RUNS = Number(process.env.CLOUDPC_FUZZ_RUNS ?? 250);

let h: ApiHarness;
let policy: { id: string };
let settingId: string;

beforeAll(async () => {
  h = await startApiHarness();
  const admin = h.as('admin@contoso.test');
  policy = (await admin.post(POLICIES, validPolicy({ displayName: 'Fuzz target' }))).body;
  settingId = (await admin.post(`${VE}/userSettings`, { displayName: 'Fuzz settings' })).body.id;
});
afterAll(async () => {
  await h?.close();
});

async function fingerprint() {
  const store = await h.store();
  const [policies, audit] = await Promise.all([h.countDocuments('policies'), h.countDocuments('audit')]);
  const { resources } = await store
    .container('policies')
    .items.query<string>('SELECT VALUE c._etag FROM c')
    .fetchAll();
  return JSON.stringify({ policies, audit, etags: resources.sort() });
}

const jsonish = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(fc.string(), fc.jsonValue()),
  // A valid body with one field replaced by anything: the hardest kind to get right.
  fc
    .tuple(fc.constantFrom(...Object.keys(validPolicy())), fc.jsonValue())
    .map(([key, value]) => validPolicy({ [key]: value })),
  fc.constantFrom<unknown>(
    null,
    [],
    '',
    0,
    { assignments: null },
    { assignments: [{ target: {} }] },
    { __proto__: { x: 1 } },
  ),
);

// Never empty: `/provisioningPolicies/` is the collection itself.
const hostileId = fc.oneof(
  fc.string({ minLength: 1 }),
  fc.constantFrom(
    '..',
    '%2e%2e',
    '%E0%A4%A',
    "' OR 1=1 --",
    'c.tenantId',
    '\u0000',
    'x'.repeat(5000),
    '%00',
    '🙂',
  ),
);

type Route = {
  name: string;
  method: string;
  path: () => string;
  schema?: { safeParse(value: unknown): { success: boolean } };
};
const routes: Route[] = [
  { name: 'POST policies', method: 'POST', path: () => POLICIES, schema: ZCreateProvisioningPolicy },
  {
    name: 'PATCH policy',
    method: 'PATCH',
    path: () => `${POLICIES}/${policy.id}`,
    schema: ZUpdateProvisioningPolicy,
  },
  { name: 'POST policy assign', method: 'POST', path: () => `${POLICIES}/${policy.id}/assign` },
  { name: 'POST userSettings', method: 'POST', path: () => `${VE}/userSettings` },
  { name: 'PATCH userSetting', method: 'PATCH', path: () => `${VE}/userSettings/${settingId}` },
  { name: 'POST userSetting assign', method: 'POST', path: () => `${VE}/userSettings/${settingId}/assign` },
];

describe('hostile input', () => {
  it.each(routes.map((route) => [route.name, route] as const))(
    'survives generated bodies at %s',
    async (_name, route) => {
      const admin = h.as('admin@contoso.test');
      await fc.assert(
        fc.asyncProperty(jsonish, async (body) => {
          const before = await fingerprint();
          const response = await admin.request(route.method, route.path(), { body });
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.body.error.code).toBeTruthy();
            expect(await fingerprint()).toBe(before);
          } else if (route.schema) {
            // Accepted only what the contract accepts (as sent on the wire).
            expect(route.schema.safeParse(JSON.parse(JSON.stringify(body))).success).toBe(true);
          }
        }),
        { numRuns: RUNS },
      );
    },
  );

  it('survives generated ids on every id route, changing nothing', async () => {
    const admin = h.as('admin@contoso.test');
    const templates: [string, (id: string) => string, unknown?][] = [
      ['GET', (id) => `${POLICIES}/${id}`],
      ['PATCH', (id) => `${POLICIES}/${id}`, { description: 'x' }],
      ['DELETE', (id) => `${POLICIES}/${id}`],
      ['POST', (id) => `${POLICIES}/${id}/assign`, { assignments: [] }],
      ['DELETE', (id) => `${VE}/userSettings/${id}`],
      ['GET', (id) => `${VE}/cloudPCs/${id}`],
      ['GET', (id) => `/api/v1.0/me/cloudPCs/${id}`],
      ['POST', (id) => `${VE}/cloudPCs/${id}/reboot`],
      ['POST', (id) => `${VE}/cloudPCs/${id}/rename`, { displayName: 'x' }],
      ['POST', (id) => `${VE}/cloudPCs/${id}/endGracePeriod`],
      ['GET', (id) => `${VE}/cloudPCs/${id}/retrieveSnapshots`],
      ['POST', (id) => `/api/v1.0/me/cloudPCs/${id}/reboot`],
      ['POST', (id) => `/api/v1.0/me/cloudPCs/${id}/troubleshoot`],
    ];
    await fc.assert(
      fc.asyncProperty(
        hostileId,
        fc.constantFrom(...templates),
        fc.boolean(),
        async (id, [method, path, body], encode) => {
          const before = await fingerprint();
          // The URL parser drops control characters and spaces, which could leave the
          // collection path itself; those ids always travel encoded.
          const mustEncode =
            encode || [...id].some((char) => char.charCodeAt(0) <= 0x20 || char.charCodeAt(0) === 0x7f);
          const segment = mustEncode
            ? encodeURIComponent(id)
            : id.replaceAll('/', '%2F').replaceAll('?', '%3F').replaceAll('#', '%23');
          let response: Awaited<ReturnType<typeof admin.request>>;
          try {
            response = await admin.request(method, path(segment), body === undefined ? {} : { body });
          } catch {
            return; // the client itself refused to send it (invalid URL): nothing reached us
          }
          expect(response.status).toBeLessThan(500);
          expect([400, 404, 405]).toContain(response.status);
          expect(await fingerprint()).toBe(before);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('survives generated query strings on every list route', async () => {
    const admin = h.as('admin@contoso.test');
    const lists = [
      POLICIES,
      `${VE}/cloudPCs`,
      `${VE}/userSettings`,
      `${VE}/auditEvents`,
      '/api/v1.0/me/cloudPCs',
    ];
    const key = fc.oneof(
      fc.constantFrom('$top', '$filter', '$skiptoken', '$orderby', '$expand', '$select', '$count'),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...lists),
        fc.array(fc.tuple(key, fc.string()), { maxLength: 4 }),
        async (path, pairs) => {
          const query = new URLSearchParams(pairs).toString();
          const response = await admin.get(`${path}?${query}`);
          expect(response.status).toBeLessThan(500);
          expect([200, 400]).toContain(response.status);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });
});
