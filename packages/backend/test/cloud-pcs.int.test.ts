import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCloudPc } from '../src/cloud-pcs/cloud-pc-repository.ts';
import type { ApiResponse } from './api-client.ts';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { makeCloudPc } from './cloud-pc-fixtures.ts';
import { VE } from './fixtures.ts';
import { fabrikam, user } from './seed-identities.ts';

let h: ApiHarness;
const adele = user('adele@contoso.test');
const alex = user('alex@contoso.test');

beforeAll(async () => {
  h = await startApiHarness();
  const store = await h.store();
  const statuses = ['provisioned', 'failed', 'provisioning', 'inGracePeriod'] as const;
  for (let index = 0; index < 12; index += 1) {
    const owner = index % 3 === 0 ? alex : adele;
    await insertCloudPc(
      store,
      makeCloudPc({
        tenantId: adele.tenantId,
        userId: owner.id,
        userPrincipalName: owner.userPrincipalName,
        displayName: `PC-${String(index).padStart(2, '0')}`,
        status: statuses[index % statuses.length],
        regionName: index % 2 ? 'westus' : 'eastus',
      }),
    );
  }
  const fab = user('user@fabrikam.test');
  await insertCloudPc(
    store,
    makeCloudPc({ tenantId: fabrikam.tenantId, userId: fab.id, userPrincipalName: fab.userPrincipalName }),
  );
});
afterAll(async () => {
  await h?.close();
});

describe('Cloud PCs for admins', () => {
  it('lists with the Graph fields and no storage fields', async () => {
    const response = await h.as('admin@contoso.test').get(`${VE}/cloudPCs`);
    expect(response.status).toBe(200);
    expect(response.body.value).toHaveLength(12);
    expect(response.body.value[0]).toMatchObject({
      '@odata.type': '#microsoft.graph.cloudPC',
      displayName: 'PC-00',
      servicePlanName: 'Cloud PC Enterprise 2vCPU/8GB/128GB',
      powerState: 'running',
    });
    expect(response.text).not.toMatch(/"_(rid|etag|ts|self)"|"tenantId"|"docType"|"userId"/);
  });

  it('filters by status, user, and both', async () => {
    const admin = h.as('admin@contoso.test');
    const failed = await admin.get(`${VE}/cloudPCs?$filter=status eq 'failed'`);
    expect(failed.body.value.map((pc: any) => pc.displayName)).toEqual(['PC-01', 'PC-05', 'PC-09']);
    const alexs = await admin.get(
      `${VE}/cloudPCs?$filter=userPrincipalName eq 'alex@contoso.test' and status eq 'provisioned'`,
    );
    expect(alexs.body.value.map((pc: any) => pc.displayName)).toEqual(['PC-00']);
  });

  it('sorts with $orderby and pages with nextLink', async () => {
    const admin = h.as('admin@contoso.test');
    const names: string[] = [];
    let next: string | undefined = `${VE}/cloudPCs?$top=5&$orderby=displayName desc`;
    while (next) {
      const response: ApiResponse<any> = await admin.get(next);
      names.push(...response.body.value.map((pc: any) => pc.displayName));
      next = response.body['@odata.nextLink'];
    }
    expect(names).toEqual(
      Array.from({ length: 12 }, (_, index) => `PC-${String(11 - index).padStart(2, '0')}`),
    );
  });

  it.each([
    ["$filter=status eq 'bogus'", '$filter'],
    ['$filter=tenantId eq 1', '$filter'],
    ['$orderby=tenantId', '$orderby'],
    ['$top=0', '$top'],
    ['$top=abc', '$top'],
    ['$top=1000', '$top'],
    ['$skiptoken=notatoken', '$skiptoken'],
    ['$unknown=1', ''],
    ['$top=1&$top=2', '$top'],
  ])('refuses %s with 400', async (query, target) => {
    const response = await h.as('admin@contoso.test').get(`${VE}/cloudPCs?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('BadRequest');
    if (target) expect(JSON.stringify(response.body.error.details)).toContain(target);
  });

  it('gets one Cloud PC, and 404 for an unknown id', async () => {
    const admin = h.as('admin@contoso.test');
    const first = (await admin.get(`${VE}/cloudPCs?$top=1`)).body.value[0];
    expect((await admin.get(`${VE}/cloudPCs/${first.id}`)).body.id).toBe(first.id);
    const missing = await admin.get(`${VE}/cloudPCs/does-not-exist`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NotFound');
  });
});

describe('my Cloud PCs', () => {
  it("lists only the caller's own", async () => {
    const mine = await h.as('adele@contoso.test').get('/api/v1.0/me/cloudPCs');
    expect(mine.status).toBe(200);
    expect(mine.body.value).toHaveLength(8);
    expect(mine.body.value.every((pc: any) => pc.userPrincipalName === 'adele@contoso.test')).toBe(true);
    const theirs = await h.as('alex@contoso.test').get('/api/v1.0/me/cloudPCs');
    expect(theirs.body.value).toHaveLength(4);
    const none = await h.as('megan@contoso.test').get('/api/v1.0/me/cloudPCs');
    expect(none.body.value).toEqual([]);
  });

  it("cannot reach another user's Cloud PC even by filter", async () => {
    const response = await h
      .as('megan@contoso.test')
      .get("/api/v1.0/me/cloudPCs?$filter=userPrincipalName eq 'adele@contoso.test'");
    expect(response.body.value).toEqual([]);
  });
});
