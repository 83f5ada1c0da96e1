import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from './api-client.ts';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { VE } from './fixtures.ts';
import { groupId } from './seed-identities.ts';

const BASE = `${VE}/userSettings`;

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('user settings policies', () => {
  it('creates with Windows 365 defaults, updates under If-Match, assigns and deletes', async () => {
    const admin = h.as('admin@contoso.test');
    const created = await admin.post(BASE, { displayName: 'Frontline settings', localAdminEnabled: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      '@odata.type': '#microsoft.graph.cloudPcUserSetting',
      displayName: 'Frontline settings',
      localAdminEnabled: true,
      resetEnabled: false,
      restorePointSetting: { frequencyInHours: 12, userRestoreEnabled: false },
    });
    const id = created.body.id;

    const patched = await admin.patch(
      `${BASE}/${id}`,
      { restorePointSetting: { frequencyInHours: 4, userRestoreEnabled: true } },
      { 'if-match': created.body['@odata.etag'] },
    );
    expect(patched.status).toBe(204);
    const stale = await admin.patch(
      `${BASE}/${id}`,
      { displayName: 'x' },
      { 'if-match': created.body['@odata.etag'] },
    );
    expect(stale.status).toBe(412);

    const frontline = groupId('Contoso', 'Frontline');
    expect(
      (await admin.post(`${BASE}/${id}/assign`, { assignments: [{ target: { groupId: frontline } }] }))
        .status,
    ).toBe(204);
    const read = await admin.get(`${BASE}/${id}?$expand=assignments`);
    expect(read.body.restorePointSetting).toEqual({ frequencyInHours: 4, userRestoreEnabled: true });
    expect(read.body.assignments.map((assignment: any) => assignment.target.groupId)).toEqual([frontline]);

    expect((await admin.delete(`${BASE}/${id}`)).status).toBe(409);
    await admin.post(`${BASE}/${id}/assign`, { assignments: [] });
    expect((await admin.delete(`${BASE}/${id}`)).status).toBe(204);
  });

  it.each([
    [
      { displayName: 'x', restorePointSetting: { frequencyInHours: 5, userRestoreEnabled: true } },
      'restorePointSetting.frequencyInHours',
    ],
    [{ displayName: '' }, 'displayName'],
    [{ displayName: 'x', selfServiceEnabled: true }, 'selfServiceEnabled'],
    [
      { displayName: 'x', restorePointSetting: { frequencyInHours: 4 } },
      'restorePointSetting.userRestoreEnabled',
    ],
  ])('refuses %j naming %s', async (body, target) => {
    const response = await h.as('admin@contoso.test').post(BASE, body);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((detail: { target: string }) => detail.target)).toContain(target);
  });
});

describe('audit log', () => {
  it('filters by operation and actor and pages newest first', async () => {
    const admin = h.as('admin@fabrikam.test');
    for (let index = 0; index < 4; index += 1) await admin.post(BASE, { displayName: `Audit ${index}` });
    const seen: any[] = [];
    let next: string | undefined =
      `${VE}/auditEvents?$top=2&$filter=activityOperationType eq 'create' and actor/userPrincipalName eq 'admin@fabrikam.test'`;
    while (next) {
      const response: ApiResponse<any> = await admin.get(next);
      expect(response.status).toBe(200);
      seen.push(...response.body.value);
      next = response.body['@odata.nextLink'];
    }
    expect(seen.map((event) => event.resources[0].displayName)).toEqual([
      'Audit 3',
      'Audit 2',
      'Audit 1',
      'Audit 0',
    ]);
    expect(seen.every((event) => event.actor.type === 'user' && event.regionName === 'eastus')).toBe(true);
    expect(new Set(seen.map((event) => event.correlationId)).size).toBe(4);
  });
});
