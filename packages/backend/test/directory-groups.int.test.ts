import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { groupId } from './seed-identities.ts';

let h: ApiHarness;
const SALES = groupId('Contoso', 'Sales');
const ALL_FABRIKAM = groupId('Fabrikam', 'All Fabrikam');

beforeAll(async () => {
  h = await startApiHarness();
  // The group routes reach Graph through the platform configuration, read on first use:
  // point it at this run's local Entra ID (the seeded worker app is the default client).
  process.env.ENTRA_AUTHORITY_HOST = h.entraUrl;
  process.env.GRAPH_BASE_URL = `${h.entraUrl}/graph/v1.0`;
  process.env.ENTRA_LOCAL = '1';
});
afterAll(async () => {
  await h?.close();
});

const names = (body: { value: { displayName: string }[] }) => body.value.map((group) => group.displayName);

describe('GET /groups ($search through Graph)', () => {
  it('finds groups by the start of a word of their name, in Graph shape', async () => {
    const admin = h.as('admin@contoso.test');
    const sales = await admin.get('/api/v1.0/groups?$search="displayName:sal"');
    expect(sales.status).toBe(200);
    expect(sales.body.value).toEqual([
      { '@odata.type': '#microsoft.graph.group', id: SALES, displayName: 'Sales', description: null },
    ]);
    expect(names((await admin.get('/api/v1.0/groups?$search=eng')).body)).toEqual(['Engineering']);
    expect((await admin.get('/api/v1.0/groups?$search=zzz')).body.value).toEqual([]);
  });

  it('lists the first groups without words, bounded by $top', async () => {
    const admin = h.as('admin@contoso.test');
    expect(names((await admin.get('/api/v1.0/groups')).body).sort()).toEqual([
      'Engineering',
      'Frontline',
      'Sales',
    ]);
    expect((await admin.get('/api/v1.0/groups?$top=2')).body.value).toHaveLength(2);
  });

  it('refuses search text that could change the Graph query, and $top over 25', async () => {
    const admin = h.as('admin@contoso.test');
    for (const query of [
      '$search="displayName:a" OR "description:b"',
      '$search=a\\b',
      '$top=26',
      '$filter=x',
    ]) {
      const response = await admin.get(`/api/v1.0/groups?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('BadRequest');
    }
  });

  it("reads only the caller's tenant: another tenant's groups are neither found nor gettable", async () => {
    const fabrikam = h.as('admin@fabrikam.test');
    expect(names((await fabrikam.get('/api/v1.0/groups?$search=sales')).body)).toEqual([]);
    expect(names((await fabrikam.get('/api/v1.0/groups')).body)).toEqual(['All Fabrikam']);
    const own = await h.as('admin@contoso.test').get(`/api/v1.0/groups/${SALES}`);
    expect(own.status).toBe(200);
    expect(own.body.displayName).toBe('Sales');
    const cross = await h.as('admin@contoso.test').get(`/api/v1.0/groups/${ALL_FABRIKAM}`);
    expect(cross.status).toBe(404);
    expect(cross.body.error.code).toBe('NotFound');
    expect((await h.as('admin@contoso.test').get('/api/v1.0/groups/not-a-guid')).status).toBe(404);
  });

  it('is for admins, support staff and automation; people without a role get 403', async () => {
    expect((await h.as('support@contoso.test').get('/api/v1.0/groups?$search=sa')).status).toBe(200);
    expect((await h.asApp('automation', 'Contoso').get('/api/v1.0/groups?$search=sa')).status).toBe(200);
    expect((await h.as('adele@contoso.test').get('/api/v1.0/groups?$search=sa')).status).toBe(403);
    expect((await h.anonymous.get('/api/v1.0/groups')).status).toBe(401);
  });
});
