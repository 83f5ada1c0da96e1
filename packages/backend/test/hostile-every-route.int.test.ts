import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../src/api/admin-routes.ts';
import { meRoutes } from '../src/api/me-routes.ts';
import { CONTAINERS, type ContainerName } from '../src/storage/containers.ts';
import type { ApiCaller, ApiResponse } from './api-client.ts';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { POLICIES, VE, validPolicy } from './fixtures.ts';

/**
 * Every route of both portals' route tables, not a hand-picked list: generated path ids,
 * query strings and bodies from every kind of caller, and a table of hostile tokens.
 * Never a 5xx; every refusal is a Graph error envelope; a refused request changes nothing.
 * CLOUDPC_FUZZ_ALL_RUNS sets the generated requests (default 7,500; with the other
 * hostile-input suite CI sends over 10,000).
 */
const RUNS = Number(process.env.CLOUDPC_FUZZ_ALL_RUNS ?? 7500);
const ROUTES = [...adminRoutes, ...meRoutes].map((route) => ({
  method: route.endpoint.method,
  path: route.endpoint.path,
  mutates: route.endpoint.method !== 'GET',
}));

let h: ApiHarness;
let realIds: string[];
let sent = 0;

beforeAll(async () => {
  h = await startApiHarness();
  // The group routes reach Graph through the platform configuration: this run's Entra.
  process.env.ENTRA_AUTHORITY_HOST = h.entraUrl;
  process.env.GRAPH_BASE_URL = `${h.entraUrl}/graph/v1.0`;
  process.env.ENTRA_LOCAL = '1';
  const admin = h.as('admin@contoso.test');
  const policy = (await admin.post(POLICIES, validPolicy({ displayName: 'Every-route target' }))).body;
  const setting = (await admin.post(`${VE}/userSettings`, { displayName: 'Every-route settings' })).body;
  realIds = [policy.id, setting.id];
});
afterAll(async () => {
  await h?.close();
  console.log(`hostile input, every route: ${sent} requests over ${ROUTES.length} routes`);
});

/** Documents and ETags of every container: any accepted write shows here. */
async function fingerprint(): Promise<string> {
  const store = await h.store();
  const parts = await Promise.all(
    (Object.keys(CONTAINERS) as ContainerName[]).map(async (name) => {
      const { resources } = await store
        .container(name)
        .items.query<string>('SELECT VALUE c._etag FROM c')
        .fetchAll();
      return `${name}:${resources.sort().join(',')}`;
    }),
  );
  return parts.join('|');
}

// biome-ignore lint/suspicious/noExplicitAny: any JSON the server sent.
function expectRefusal(response: ApiResponse<any>): void {
  expect(response.status, `${response.status} ${response.text.slice(0, 300)}`).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.body?.error?.code, response.text.slice(0, 300)).toBeTruthy();
    expect(response.body.error.innerError['request-id']).toBeTruthy();
    expect(response.text).not.toMatch(/at .*\.ts:\d+|node_modules/);
  }
}

const hostileSegment = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.uuid(),
  fc.constantFrom('..', '%2e%2e', "' OR 1=1 --", 'c.tenantId', '%00', '🙂', 'x'.repeat(3000), 'undefined'),
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue(),
  fc.dictionary(
    fc.constantFrom('displayName', 'description', 'assignments', 'servicePlanId', 'id', 'tenantId', 'status'),
    fc.jsonValue(),
  ),
  fc.constantFrom<unknown>(null, [], '', { assignments: [{ target: {} }] }, { __proto__: { admin: true } }),
);
const query = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom('$top', '$filter', '$skiptoken', '$orderby', '$search', 'hours', 'userId'),
      fc.string(),
    ),
    fc.string(),
  ),
  { maxLength: 3 },
);

function encode(segment: string): string {
  return encodeURIComponent(segment);
}

describe('hostile input at every route', () => {
  it('covers both route tables', () => {
    expect(ROUTES.length).toBeGreaterThan(20);
  });

  it('never answers 5xx and never changes anything it refuses', async () => {
    const callers: [string, () => ApiCaller][] = [
      ['admin', () => h.as('admin@contoso.test')],
      ['support', () => h.as('support@contoso.test')],
      ['person', () => h.as('adele@contoso.test')],
      ['other tenant', () => h.as('admin@fabrikam.test')],
      ['app', () => h.asApp('automation', 'Contoso')],
      ['anonymous', () => h.anonymous],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.constantFrom(...callers),
        fc.array(fc.oneof(hostileSegment, fc.constantFrom(...realIds)), { minLength: 3, maxLength: 3 }),
        query,
        body,
        async (route, [, caller], ids, pairs, payload) => {
          let index = 0;
          const path = route.path.replace(/\{\w+\}/g, () => encode(ids[index++ % ids.length] ?? 'x'));
          const search = pairs.length > 0 ? `?${new URLSearchParams(pairs).toString()}` : '';
          const before = route.mutates ? await fingerprint() : '';
          const response = await caller().request(
            route.method,
            `${path}${search}`,
            payload === undefined || !route.mutates ? {} : { body: payload },
          );
          sent += 1;
          expectRefusal(response);
          if (route.mutates && response.status >= 400) expect(await fingerprint()).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
    // Thousands of real HTTP requests: a minute or two on two busy cores.
  }, 600_000);

  it('refuses hostile tokens at every route with 401, changing nothing', async () => {
    const real = (await h.as('admin@contoso.test').get(POLICIES)).status === 200;
    expect(real).toBe(true);
    // A real token of the right person, then bent in the ways attackers bend tokens.
    const adminToken = await tokenOf(h.as('admin@contoso.test'));
    const [head, claims, signature] = adminToken.split('.') as [string, string, string];
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const decoded = JSON.parse(Buffer.from(claims, 'base64url').toString());
    const graphToken = await graphTokenOf(h);
    const hostile: [string, string][] = [
      ['garbage', 'not-a-token'],
      ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${claims}.`],
      [
        'tampered claims',
        `${head}.${b64({ ...decoded, roles: ['CloudPC.Admin'], tid: 'f'.repeat(8) })}.${signature}`,
      ],
      [
        'flipped signature',
        `${head}.${claims}.${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`,
      ],
      [
        'expired (re-signed claims are impossible; exp rewritten)',
        `${head}.${b64({ ...decoded, exp: 1 })}.${signature}`,
      ],
      ['a real token for Microsoft Graph, not this API', graphToken],
    ];
    const before = await fingerprint();
    for (const route of ROUTES) {
      const path = route.path.replace(/\{\w+\}/g, () => realIds[0] ?? 'x');
      for (const [name, token] of hostile) {
        const response = await h.anonymous.request(route.method, path, {
          headers: { authorization: `Bearer ${token}` },
          ...(route.mutates ? { body: validPolicy() } : {}),
        });
        sent += 1;
        expect(response.status, `${route.method} ${route.path} with ${name}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expectRefusal(response);
      }
    }
    expect(await fingerprint()).toBe(before);
  });
});

async function tokenOf(caller: ApiCaller): Promise<string> {
  // The harness adds the bearer itself; read it back from an echo of our own request.
  let seen = '';
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    seen = new Headers(init?.headers).get('authorization') ?? '';
    return original(input, init);
  }) as typeof fetch;
  try {
    await caller.get(POLICIES);
  } finally {
    globalThis.fetch = original;
  }
  return seen.replace(/^Bearer /, '');
}

async function graphTokenOf(harness: ApiHarness): Promise<string> {
  const { seed } = await import('./seed-identities.ts');
  const worker = seed.apps.worker;
  const tenant = seed.tenants.find((t) => t.displayName === 'Contoso');
  const response = await fetch(`${harness.entraUrl}/${tenant?.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: worker?.clientId ?? '',
      client_secret: worker?.clientSecret ?? '',
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  const json = (await response.json()) as { access_token?: string };
  if (!json.access_token) throw new Error('no Graph token for the worker app');
  return json.access_token;
}
