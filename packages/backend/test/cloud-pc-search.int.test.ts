import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCloudPc } from '../src/cloud-pcs/cloud-pc-repository.ts';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { makeCloudPc } from './cloud-pc-fixtures.ts';
import { VE } from './fixtures.ts';
import { fabrikam, user } from './seed-identities.ts';

let h: ApiHarness;
const adele = user('adele@contoso.test');
const alex = user('alex@contoso.test');
const fab = user('user@fabrikam.test');
const SALES_POLICY = '11111111-1111-4111-8111-111111111111';
const ENG_POLICY = '22222222-2222-4222-8222-222222222222';

beforeAll(async () => {
  h = await startApiHarness();
  const store = await h.store();
  const add = (owner: typeof adele, displayName: string, managedDeviceName: string, policyId: string) =>
    insertCloudPc(
      store,
      makeCloudPc({
        tenantId: owner.tenantId,
        userId: owner.id,
        userPrincipalName: owner.userPrincipalName,
        displayName,
        managedDeviceName,
        provisioningPolicyId: policyId,
      }),
    );
  await add(adele, 'Adele sales desk', 'SLS-ADEL-1A2B3', SALES_POLICY);
  await add(alex, 'Build machine', 'ENG-ALEX-9Z8Y7', ENG_POLICY);
  await add(alex, 'Alex laptop twin', 'SLS-ALEX-4C5D6', SALES_POLICY);
  await add({ ...fab, tenantId: fabrikam.tenantId }, 'Sales desk Fabrikam', 'SLS-USER-00000', SALES_POLICY);
});
afterAll(async () => {
  await h?.close();
});

const list = async (query: string, upn = 'admin@contoso.test') => {
  const response = await h.as(upn).get(`${VE}/cloudPCs?${query}`);
  expect(response.status, query).toBe(200);
  return response.body.value.map((pc: { displayName: string }) => pc.displayName);
};

describe('GET cloudPCs with $search and the policy filter', () => {
  it('finds a case-insensitive substring of the name, the user or the device name', async () => {
    expect(await list('$search=SALES')).toEqual(['Adele sales desk']);
    expect(await list('$search=alex@')).toEqual(['Alex laptop twin', 'Build machine']);
    expect(await list('$search=9z8')).toEqual(['Build machine']);
    expect(await list('$search="displayName:laptop"')).toEqual(['Alex laptop twin']);
    expect(await list('$search=nothing-like-this')).toEqual([]);
    expect(await list('$search=')).toHaveLength(3);
  });

  it('combines with $filter on the policy, sort and paging', async () => {
    expect(await list(`$filter=provisioningPolicyId eq '${SALES_POLICY}'`)).toEqual([
      'Adele sales desk',
      'Alex laptop twin',
    ]);
    expect(await list(`$filter=provisioningPolicyId eq '${SALES_POLICY}'&$search=alex`)).toEqual([
      'Alex laptop twin',
    ]);
    const first = await h
      .as('admin@contoso.test')
      .get(`${VE}/cloudPCs?$search=a&$top=1&$orderby=displayName desc`);
    expect(first.body.value.map((pc: { displayName: string }) => pc.displayName)).toEqual(['Build machine']);
    const next = await h.as('admin@contoso.test').get(first.body['@odata.nextLink']);
    expect(next.body.value.map((pc: { displayName: string }) => pc.displayName)).toEqual([
      'Alex laptop twin',
    ]);
  });

  it("never finds another tenant's Cloud PCs, and refuses an overlong search", async () => {
    expect(await list('$search=fabrikam')).toEqual([]);
    expect(await list('$search=sales', 'admin@fabrikam.test')).toEqual(['Sales desk Fabrikam']);
    const long = await h.as('admin@contoso.test').get(`${VE}/cloudPCs?$search=${'x'.repeat(101)}`);
    expect(long.status).toBe(400);
    expect(long.body.error.details[0].target).toBe('$search');
  });

  it("confines a person's own list too", async () => {
    const mine = await h.as('alex@contoso.test').get('/api/v1.0/me/cloudPCs?$search=sales');
    expect(mine.body.value.map((pc: { displayName: string }) => pc.displayName)).toEqual([]);
    const twin = await h.as('alex@contoso.test').get('/api/v1.0/me/cloudPCs?$search=twin');
    expect(twin.body.value.map((pc: { displayName: string }) => pc.displayName)).toEqual([
      'Alex laptop twin',
    ]);
  });
});
