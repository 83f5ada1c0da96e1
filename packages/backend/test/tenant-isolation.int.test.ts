import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCloudPc } from '../src/cloud-pcs/cloud-pc-repository.ts';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { makeCloudPc } from './cloud-pc-fixtures.ts';
import { POLICIES, VE, validPolicy } from './fixtures.ts';
import { contoso, groupId, user } from './seed-identities.ts';

/**
 * A Fabrikam caller never reads, lists, changes or learns of a Contoso object:
 * every route answers exactly as it would for an id that does not exist.
 */
let h: ApiHarness;
let policy: { id: string; '@odata.etag': string };
let settingId: string;
let cloudPcId: string;
let auditCount: number;

beforeAll(async () => {
  h = await startApiHarness();
  const admin = h.as('admin@contoso.test');
  policy = (await admin.post(POLICIES, validPolicy({ displayName: 'Contoso secret policy' }))).body;
  settingId = (await admin.post(`${VE}/userSettings`, { displayName: 'Contoso settings' })).body.id;
  const adele = user('adele@contoso.test');
  const pc = makeCloudPc({
    tenantId: contoso.tenantId,
    userId: adele.id,
    userPrincipalName: adele.userPrincipalName,
  });
  await insertCloudPc(await h.store(), pc);
  cloudPcId = pc.id;
  auditCount = (await admin.get(`${VE}/auditEvents?$top=999`)).body.value.length;
});
afterAll(async () => {
  await h?.close();
});

describe('tenant isolation', () => {
  it('hides every Contoso object from a Fabrikam admin (404, the same as a missing id)', async () => {
    const fabrikam = h.as('admin@fabrikam.test');
    const missing = '11111111-2222-3333-4444-555555555555';
    const cases: [string, string, unknown?][] = [
      ['GET', `${POLICIES}/{id}`],
      ['PATCH', `${POLICIES}/{id}`, { description: 'pwned' }],
      ['DELETE', `${POLICIES}/{id}`],
      [
        'POST',
        `${POLICIES}/{id}/assign`,
        { assignments: [{ target: { groupId: groupId('Fabrikam', 'All Fabrikam') } }] },
      ],
      ['GET', `${VE}/userSettings/{setting}`],
      ['PATCH', `${VE}/userSettings/{setting}`, { displayName: 'pwned' }],
      ['DELETE', `${VE}/userSettings/{setting}`],
      ['POST', `${VE}/userSettings/{setting}/assign`, { assignments: [] }],
      ['GET', `${VE}/cloudPCs/{pc}`],
      ['GET', `${VE}/cloudPCs/{pc}/retrieveSnapshots`],
      ['POST', `${VE}/cloudPCs/{pc}/reboot`],
      ['POST', `${VE}/cloudPCs/{pc}/rename`, { displayName: 'pwned' }],
      ['POST', `${VE}/cloudPCs/{pc}/powerOff`],
      ['POST', `${VE}/cloudPCs/{pc}/endGracePeriod`],
      ['POST', `${VE}/cloudPCs/{pc}/troubleshoot`],
    ];
    for (const [method, template, body] of cases) {
      const real = template
        .replace('{id}', policy.id)
        .replace('{setting}', settingId)
        .replace('{pc}', cloudPcId);
      const fake = template.replace('{id}', missing).replace('{setting}', missing).replace('{pc}', missing);
      const init = body === undefined ? {} : { body };
      const [onReal, onFake] = [
        await fabrikam.request(method, real, init),
        await fabrikam.request(method, fake, init),
      ];
      expect(onReal.status, `${method} ${real}`).toBe(404);
      expect(onReal.status).toBe(onFake.status);
      expect(
        onReal.body.error.message.replace(policy.id, 'X').replace(settingId, 'X').replace(cloudPcId, 'X'),
      ).toBe(onFake.body.error.message.replace(missing, 'X'));
    }
  });

  it('never lists Contoso objects to Fabrikam, whatever the filter', async () => {
    const fabrikam = h.as('admin@fabrikam.test');
    for (const path of [
      POLICIES,
      `${POLICIES}?$filter=displayName eq 'Contoso secret policy'`,
      `${POLICIES}?$filter=id eq '${policy.id}'`,
      `${VE}/userSettings`,
      `${VE}/cloudPCs`,
      `${VE}/cloudPCs?$filter=userPrincipalName eq 'adele@contoso.test'`,
      `${VE}/auditEvents?$top=999`,
      '/api/v1.0/me/cloudPCs',
    ]) {
      const response = await fabrikam.get(path);
      expect(response.status, path).toBe(200);
      expect(response.text, path).not.toMatch(/contoso/i);
      expect(response.text).not.toContain(policy.id);
      expect(response.text).not.toContain(cloudPcId);
    }
  });

  it('left every Contoso object unchanged', async () => {
    const admin = h.as('admin@contoso.test');
    const read = await admin.get(`${POLICIES}/${policy.id}?$expand=assignments`);
    expect(read.body['@odata.etag']).toBe(policy['@odata.etag']);
    expect(read.body.assignments).toEqual([]);
    expect((await admin.get(`${VE}/userSettings/${settingId}`)).body.displayName).toBe('Contoso settings');
    expect((await admin.get(`${VE}/auditEvents?$top=999`)).body.value.length).toBe(auditCount);
  });

  it("answers 404 for another user's Cloud PC on /me, never 403", async () => {
    const alex = h.as('alex@contoso.test');
    const response = await alex.get(`/api/v1.0/me/cloudPCs/${cloudPcId}`);
    expect(response.status).toBe(404);
    for (const action of ['reboot', 'troubleshoot']) {
      expect((await alex.post(`/api/v1.0/me/cloudPCs/${cloudPcId}/${action}`)).status, action).toBe(404);
    }
    expect(
      (await alex.post(`/api/v1.0/me/cloudPCs/${cloudPcId}/rename`, { displayName: 'mine now' })).status,
    ).toBe(404);
    expect((await alex.get('/api/v1.0/me/cloudPCs')).text).not.toContain(cloudPcId);
    expect((await h.as('adele@contoso.test').get(`/api/v1.0/me/cloudPCs/${cloudPcId}`)).status).toBe(200);
  });
});
