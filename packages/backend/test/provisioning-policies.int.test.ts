import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from './api-client.ts';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { POLICIES as BASE, GALLERY_IMAGE_ID as IMAGE, validPolicy } from './fixtures.ts';
import { groupId } from './seed-identities.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('provisioning policies', () => {
  it('creates, reads, lists, updates and deletes a policy, auditing each change', async () => {
    const admin = h.as('admin@contoso.test');
    const created = await admin.post(BASE, validPolicy({ displayName: 'Lifecycle policy' }));
    expect(created.status).toBe(201);
    const policy = created.body;
    expect(policy).toMatchObject({
      '@odata.type': '#microsoft.graph.cloudPcProvisioningPolicy',
      displayName: 'Lifecycle policy',
      imageDisplayName: 'Windows 11 Enterprise + Microsoft 365 Apps 25H2',
      provisioningType: 'dedicated',
      gracePeriodInHours: 168,
      domainJoinConfigurations: [
        { domainJoinType: 'azureADJoin', regionName: 'eastus', regionGroup: 'usEast' },
      ],
    });
    expect(created.text).not.toMatch(/"_(rid|etag|ts|self)"|tenantId|docType/);
    expect(created.headers.get('etag')).toBe(policy['@odata.etag']);

    const read = await admin.get(`${BASE}/${policy.id}?$expand=assignments`);
    expect(read.status).toBe(200);
    expect(read.body.assignments).toEqual([]);

    const list = await admin.get(`${BASE}?$filter=displayName eq 'Lifecycle policy'`);
    expect(list.status).toBe(200);
    expect(list.body.value.map((item: { id: string }) => item.id)).toEqual([policy.id]);

    const patched = await admin.patch(
      `${BASE}/${policy.id}`,
      { description: 'changed' },
      { 'if-match': policy['@odata.etag'] },
    );
    expect(patched.status).toBe(204);
    expect(patched.headers.get('etag')).not.toBe(policy['@odata.etag']);
    expect((await admin.get(`${BASE}/${policy.id}`)).body.description).toBe('changed');

    const removed = await admin.delete(`${BASE}/${policy.id}`);
    expect(removed.status).toBe(204);
    expect((await admin.get(`${BASE}/${policy.id}`)).status).toBe(404);

    const audit = await admin.get(
      `/api/v1.0/deviceManagement/virtualEndpoint/auditEvents?$filter=componentName eq 'provisioningPolicy'`,
    );
    const mine = audit.body.value.filter((event: any) => event.resources[0].resourceId === policy.id);
    expect(mine.map((event: any) => event.activityOperationType).sort()).toEqual([
      'create',
      'delete',
      'patch',
    ]);
    const patch = mine.find((event: any) => event.activityOperationType === 'patch');
    expect(patch.actor.userPrincipalName).toBe('admin@contoso.test');
    expect(patch.regionName).toBe('eastus');
    expect(patch.resources[0].modifiedProperties).toEqual([
      { displayName: 'description', oldValue: '"Cloud PCs for the sales team"', newValue: '"changed"' },
    ]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['empty name', { displayName: '' }, 'displayName'],
    ['name too long', { displayName: 'x'.repeat(121) }, 'displayName'],
    ...['<', '>', '&', '|', '"', '^'].map((char): [string, Record<string, unknown>, string] => [
      `name with ${char}`,
      { displayName: `a${char}b` },
      'displayName',
    ]),
    ['template without RAND', { cloudPcNamingTemplate: 'CPC-%USERNAME:5%' }, 'cloudPcNamingTemplate'],
    ['RAND below 5', { cloudPcNamingTemplate: 'CPC-%RAND:4%' }, 'cloudPcNamingTemplate'],
    ['template over 15', { cloudPcNamingTemplate: '%USERNAME:8%-%RAND:7%' }, 'cloudPcNamingTemplate'],
    ['template bad character', { cloudPcNamingTemplate: 'CPC_%RAND:5%' }, 'cloudPcNamingTemplate'],
    ['unknown image', { imageId: 'microsoftwindowsdesktop_nope_nope' }, 'imageId'],
    ['custom image', { imageType: 'custom' }, 'imageType'],
    [
      'unsupported region',
      { domainJoinConfigurations: [{ domainJoinType: 'azureADJoin', regionName: 'mars' }] },
      'domainJoinConfigurations[0].regionName',
    ],
    [
      'hybrid join',
      { domainJoinConfigurations: [{ domainJoinType: 'hybridAzureADJoin', regionName: 'eastus' }] },
      'domainJoinConfigurations[0].domainJoinType',
    ],
    ['no join configuration', { domainJoinConfigurations: [] }, 'domainJoinConfigurations'],
    ['bad locale', { windowsSetting: { locale: 'english' } }, 'windowsSetting.locale'],
    ['unknown field', { colour: 'blue' }, 'colour'],
    ['read-only grace period', { gracePeriodInHours: 12 }, 'gracePeriodInHours'],
    ['wrong type', { enableSingleSignOn: 'yes' }, 'enableSingleSignOn'],
  ])('refuses %s with 400 naming the field, and stores nothing', async (_label, overrides, target) => {
    const admin = h.as('admin@contoso.test');
    const before = await h.countDocuments('policies');
    const response = await admin.post(BASE, validPolicy(overrides));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('BadRequest');
    expect(response.body.error.details.map((detail: { target: string }) => detail.target)).toContain(target);
    expect(response.body.error.innerError['request-id']).toBeTruthy();
    expect(await h.countDocuments('policies')).toBe(before);
  });

  it('keeps provisioningType immutable', async () => {
    const admin = h.as('admin@contoso.test');
    const { body: policy } = await admin.post(BASE, validPolicy());
    const response = await admin.patch(`${BASE}/${policy.id}`, { provisioningType: 'shared' });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].target).toBe('provisioningType');
    expect((await admin.patch(`${BASE}/${policy.id}`, { provisioningType: 'dedicated' })).status).toBe(204);
  });

  it('lets exactly one of two PATCHes with the same ETag win; the other gets 412', async () => {
    const admin = h.as('admin@contoso.test');
    const { body: policy } = await admin.post(BASE, validPolicy());
    const etag = policy['@odata.etag'];
    const results = await Promise.all([
      admin.patch(`${BASE}/${policy.id}`, { description: 'first' }, { 'if-match': etag }),
      admin.patch(`${BASE}/${policy.id}`, { description: 'second' }, { 'if-match': etag }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([204, 412]);
    const loser = results.find((result) => result.status === 412);
    expect(loser?.body.error.code).toBe('PreconditionFailed');
  });

  it('answers 412 for an ETag it did not issue', async () => {
    const admin = h.as('admin@contoso.test');
    const { body: policy } = await admin.post(BASE, validPolicy());
    const response = await admin.patch(
      `${BASE}/${policy.id}`,
      { description: 'x' },
      { 'if-match': 'W/"bogus"' },
    );
    expect(response.status).toBe(412);
  });

  it('replaces the assignment set and refuses to delete an assigned policy', async () => {
    const admin = h.as('admin@contoso.test');
    const { body: policy } = await admin.post(BASE, validPolicy());
    const sales = groupId('Contoso', 'Sales');
    const engineering = groupId('Contoso', 'Engineering');
    expect(
      (
        await admin.post(`${BASE}/${policy.id}/assign`, {
          assignments: [{ target: { groupId: sales } }, { target: { groupId: engineering } }],
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await admin.post(`${BASE}/${policy.id}/assign`, {
          assignments: [{ target: { groupId: engineering } }],
        })
      ).status,
    ).toBe(204);
    const read = await admin.get(`${BASE}/${policy.id}?$expand=assignments`);
    expect(read.body.assignments.map((assignment: any) => assignment.target.groupId)).toEqual([engineering]);

    const refused = await admin.delete(`${BASE}/${policy.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('Conflict');
    expect((await admin.post(`${BASE}/${policy.id}/assign`, { assignments: [] })).status).toBe(204);
    expect((await admin.delete(`${BASE}/${policy.id}`)).status).toBe(204);
  });

  it('pages with $top and an opaque nextLink', async () => {
    const admin = h.as('admin@fabrikam.test');
    for (let index = 0; index < 5; index += 1) {
      await admin.post(BASE, validPolicy({ displayName: `Paged ${index}` }));
    }
    const seen: string[] = [];
    let next: string | undefined = `${BASE}?$top=2`;
    while (next) {
      const response: ApiResponse<any> = await admin.get(next);
      expect(response.status).toBe(200);
      expect(response.body.value.length).toBeLessThanOrEqual(2);
      seen.push(...response.body.value.map((item: { displayName: string }) => item.displayName));
      next = response.body['@odata.nextLink'];
    }
    expect(seen.filter((name) => name.startsWith('Paged'))).toEqual([
      'Paged 0',
      'Paged 1',
      'Paged 2',
      'Paged 3',
      'Paged 4',
    ]);
  });

  it('offers the catalogues the editor needs', async () => {
    const admin = h.as('admin@contoso.test');
    const plans = await admin.get('/api/v1.0/deviceManagement/virtualEndpoint/servicePlans');
    expect(
      plans.body.value.map((plan: any) => `${plan.vCpuCount}/${plan.ramInGB}/${plan.storageInGB}`),
    ).toEqual(
      expect.arrayContaining([
        '2/4/64',
        '2/4/256',
        '2/8/128',
        '2/8/256',
        '4/16/128',
        '4/16/512',
        '8/32/128',
        '8/32/512',
      ]),
    );
    const images = await admin.get('/api/v1.0/deviceManagement/virtualEndpoint/galleryImages');
    expect(images.body.value.some((image: any) => image.id === IMAGE)).toBe(true);
    const regions = await admin.get('/api/v1.0/deviceManagement/virtualEndpoint/supportedRegions');
    expect(regions.body.value.map((region: any) => [region.id, region.regionGroup])).toEqual(
      expect.arrayContaining([
        ['eastus', 'usEast'],
        ['westus', 'usWest'],
      ]),
    );
  });
});
