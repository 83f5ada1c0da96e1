import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGraphClient, type GraphClient } from '@cloudpc/backend/identity/graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalEntra, startLocalEntra, uuidV5 } from './index.ts';

const CONTOSO = '33aa9011-a38d-5612-af97-a2d98d559844';
const FABRIKAM = '34d3c008-72e3-588e-970e-0a5cd70028f2';
const WORKER = 'f5249154-8266-5501-a90e-ea3d1d9a6a24';
const AUTOMATION = '98f41999-52eb-54d3-80c2-8d2ec63d59ba';
const ADMIN_PORTAL = 'ee10af15-610b-5159-ba49-074dfe8e36bb';
const SALES = 'b7925e28-db97-5cd3-a9e4-27af3479f25a';
const FRONTLINE = '5dbe9e53-cecd-5728-8e4a-5977ad74564c';
const ALL_FABRIKAM = '4c1c00d6-98c2-5d77-b306-b48a931bf1b0';
const ADELE = '832290d6-38ec-594e-adda-ddf15c4a2764';
const ALEX = 'ea89caf3-9a64-59b5-9ac8-aca60c310a1a';
const GRADY = '4c21234c-e89f-55c9-8640-cde06ceaffc4';

interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}
interface DeltaGroup {
  id: string;
  displayName?: string;
  'members@delta'?: { id: string; '@removed'?: { reason: string } }[];
}

let dataDir: string;
let entra: LocalEntra;

function graphClient(tenantId: string, clientId: string, clientSecret: string): GraphClient {
  return createGraphClient({
    authorityHost: entra.url,
    tenantId,
    clientId,
    clientSecret,
    graphBaseUrl: `${entra.url}/graph/v1.0`,
    isLocal: true,
  });
}

let worker: GraphClient;
let automation: GraphClient;

async function rawGraph(path: string, token: string | undefined, init: RequestInit = {}) {
  const response = await fetch(`${entra.url}/graph/v1.0${path}`, {
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.headers as Record<string, string>),
    },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** Follows a delta round to its deltaLink, merging the pages per group. */
async function deltaRound(client: GraphClient, start: string, pageSize = 100) {
  const groups = new Map<string, { displayName?: string; added: string[]; removed: string[] }>();
  let next: string | undefined = start;
  let deltaLink = '';
  let pages = 0;
  while (next) {
    const page: Page<DeltaGroup> = await client.request(next, {
      headers: { prefer: `odata.maxpagesize=${pageSize}` },
    });
    pages++;
    for (const g of page.value) {
      const entry = groups.get(g.id) ?? { added: [], removed: [] };
      if (g.displayName) entry.displayName = g.displayName;
      for (const m of g['members@delta'] ?? []) (m['@removed'] ? entry.removed : entry.added).push(m.id);
      groups.set(g.id, entry);
    }
    next = page['@odata.nextLink'];
    deltaLink = page['@odata.deltaLink'] ?? deltaLink;
  }
  return { groups, deltaLink, pages };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'entra-graph-'));
  entra = await startLocalEntra({ port: 0, dataDir });
  worker = graphClient(CONTOSO, WORKER, 'worker-dev-secret');
  automation = graphClient(CONTOSO, AUTOMATION, 'automation-dev-secret');
});

afterAll(async () => {
  await entra?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Graph reads (worker app: GroupMember.Read.All, User.Read.All)', () => {
  it('gets a user by id and by UPN', async () => {
    const byId = await worker.request<Record<string, string>>(`/users/${ADELE}`);
    expect(byId).toMatchObject({
      id: ADELE,
      userPrincipalName: 'adele@contoso.test',
      displayName: 'Adele Vance',
    });
    const byUpn = await worker.request<Record<string, string>>(
      '/users/adele@contoso.test?$select=displayName',
    );
    expect(byUpn).toMatchObject({ id: ADELE, displayName: 'Adele Vance' });
    expect(byUpn.userPrincipalName).toBeUndefined();
  });

  it('generates the bulk users with uuid v5 ids', async () => {
    const id = uuidV5('cloudpc-seed/contoso/user042');
    const user = await worker.request<Record<string, string>>(`/users/${id}`);
    expect(user).toMatchObject({
      userPrincipalName: 'user042@contoso.test',
      displayName: 'Frontline User 042',
    });
  });

  it('filters and pages users', async () => {
    const one = await worker.request<Page<{ id: string }>>(
      "/users?$filter=userPrincipalName eq 'alex@contoso.test'",
    );
    expect(one.value.map((u) => u.id)).toEqual([ALEX]);
    const prefix = await worker.request<Page<{ id: string }>>(
      "/users?$filter=startswith(displayName,'Frontline User 00')&$top=5",
    );
    expect(prefix.value).toHaveLength(5);
    expect(prefix['@odata.nextLink']).toBeDefined();
    const rest = await worker.request<Page<{ id: string }>>(String(prefix['@odata.nextLink']));
    expect(rest.value).toHaveLength(4);
    expect(rest['@odata.nextLink']).toBeUndefined();
  });

  it('searches groups (ConsistencyLevel: eventual, as Graph requires)', async () => {
    const found = await worker.request<Page<{ id: string }>>('/groups?$search="displayName:Sal"', {
      headers: { consistencylevel: 'eventual' },
    });
    expect(found.value.map((g) => g.id)).toEqual([SALES]);
    await expect(worker.request('/groups?$search="displayName:Sal"')).rejects.toMatchObject({
      code: 'InternalServerError',
    });
  });

  it('pages a 500-member group', async () => {
    let next: string | undefined = `/groups/${FRONTLINE}/members?$top=200`;
    const ids: string[] = [];
    while (next) {
      const page: Page<{ id: string; '@odata.type': string }> = await worker.request(next);
      ids.push(...page.value.map((m) => m.id));
      expect(page.value.every((m) => m['@odata.type'] === '#microsoft.graph.user')).toBe(true);
      next = page['@odata.nextLink'];
    }
    expect(new Set(ids).size).toBe(500);
  });
});

describe('Graph permissions and tenant confinement', () => {
  it('refuses member writes without GroupMember.ReadWrite.All', async () => {
    const token = await worker.getToken();
    const { status, body } = await rawGraph(`/groups/${SALES}/members/$ref`, token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${GRADY}` }),
    });
    expect(status).toBe(403);
    expect(body.error).toMatchObject({
      code: 'Authorization_RequestDenied',
      innerError: { 'request-id': expect.any(String) },
    });
  });

  it('refuses missing, foreign-audience and delegated tokens', async () => {
    const none = await rawGraph('/users', undefined);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(none.body.error.code).toBe('InvalidAuthenticationToken');

    const apiToken = await fetch(`${entra.url}/${CONTOSO}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: AUTOMATION,
        client_secret: 'automation-dev-secret',
        scope: 'api://cloudpc-api/.default',
      }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    expect((await rawGraph('/users', apiToken.access_token)).status).toBe(401);

    const user = await fetch(`${entra.url}/${CONTOSO}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: ADMIN_PORTAL,
        username: 'admin@contoso.test',
        password: 'CloudPC-dev-1!',
        scope: 'https://graph.microsoft.com/User.Read',
      }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const delegated = await rawGraph('/users', user.access_token);
    expect(delegated.status).toBe(403);
  });

  it('confines each caller to its token’s tenant', async () => {
    const fabrikam = graphClient(FABRIKAM, WORKER, 'worker-dev-secret');
    await expect(fabrikam.request(`/groups/${SALES}/members`)).rejects.toMatchObject({ code: 'NotFound' });
    await expect(fabrikam.request(`/users/${ADELE}`)).rejects.toMatchObject({ code: 'NotFound' });
    const users = await fabrikam.request<Page<{ userPrincipalName: string }>>('/users');
    expect(users.value.map((u) => u.userPrincipalName).sort()).toEqual([
      'admin@fabrikam.test',
      'user@fabrikam.test',
    ]);
    const round = await deltaRound(fabrikam, '/groups/delta?$select=displayName,members');
    expect([...round.groups.keys()]).toEqual([ALL_FABRIKAM]);
    const contosoRound = await deltaRound(worker, '/groups/delta?$select=displayName,members', 600);
    await expect(fabrikam.request(contosoRound.deltaLink)).rejects.toMatchObject({
      code: 'InternalServerError',
    });
  });
});

describe('groups/delta and membership writes', () => {
  it('full sync, then only the changes, then nothing; changes survive a restart', async () => {
    const full = await deltaRound(worker, '/groups/delta?$select=displayName,members', 200);
    expect(full.pages).toBeGreaterThan(2);
    expect(full.groups.get(FRONTLINE)?.added).toHaveLength(500);
    expect(full.groups.get(SALES)).toMatchObject({ displayName: 'Sales', added: [ADELE, ALEX], removed: [] });
    expect(full.deltaLink).toContain('$deltatoken=');

    await automation.request(`/groups/${SALES}/members/$ref`, {
      method: 'POST',
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${GRADY}` },
    });
    await automation.request(`/groups/${SALES}/members/${ADELE}/$ref`, { method: 'DELETE' });
    await expect(
      automation.request(`/groups/${SALES}/members/$ref`, {
        method: 'POST',
        body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${GRADY}` },
      }),
    ).rejects.toMatchObject({ code: 'InternalServerError' });
    await expect(
      automation.request(`/groups/${SALES}/members/${ADELE}/$ref`, { method: 'DELETE' }),
    ).rejects.toMatchObject({
      code: 'NotFound',
    });

    const changes = await deltaRound(worker, full.deltaLink);
    expect([...changes.groups.keys()]).toEqual([SALES]);
    expect(changes.groups.get(SALES)).toMatchObject({
      displayName: 'Sales',
      added: [GRADY],
      removed: [ADELE],
    });

    const quiet = await deltaRound(worker, changes.deltaLink);
    expect(quiet.groups.size).toBe(0);

    const persisted = JSON.parse(readFileSync(join(dataDir, 'entra', 'directory.json'), 'utf8'));
    expect(persisted.tenants[CONTOSO]).toHaveLength(2);

    await entra.close();
    entra = await startLocalEntra({ port: 0, dataDir });
    worker = graphClient(CONTOSO, WORKER, 'worker-dev-secret');
    const members = await worker.request<Page<{ id: string }>>(`/groups/${SALES}/members`);
    expect(members.value.map((m) => m.id).sort()).toEqual([ALEX, GRADY].sort());
    // A delta link from before the restart still converges (its port is the old one: keep the token).
    const token = new URL(full.deltaLink).searchParams.get('$deltatoken');
    const afterRestart = await deltaRound(worker, `/groups/delta?$deltatoken=${token}`);
    expect(afterRestart.groups.get(SALES)).toMatchObject({ added: [GRADY], removed: [ADELE] });
  });
});
