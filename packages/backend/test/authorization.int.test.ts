import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { POLICIES, VE, validPolicy } from './fixtures.ts';

/**
 * Every route against every kind of caller. Reads: admin, support, automation.
 * Writes: admin, automation. /me: any signed-in person, never an app.
 */
let h: ApiHarness;
let policyId: string;
let settingId: string;

beforeAll(async () => {
  h = await startApiHarness();
  const admin = h.as('admin@contoso.test');
  policyId = (await admin.post(POLICIES, validPolicy())).body.id;
  settingId = (await admin.post(`${VE}/userSettings`, { displayName: 'Authz settings' })).body.id;
});
afterAll(async () => {
  await h?.close();
});

const reads = () => [
  ['GET', POLICIES],
  ['GET', `${POLICIES}/${policyId}`],
  ['GET', `${VE}/cloudPCs`],
  ['GET', `${VE}/servicePlans`],
  ['GET', `${VE}/galleryImages`],
  ['GET', `${VE}/supportedRegions`],
  ['GET', `${VE}/userSettings`],
  ['GET', `${VE}/userSettings/${settingId}`],
  ['GET', `${VE}/auditEvents`],
];
// Writes with bodies that would be refused (400) if authorisation let them through,
// so a 403 proves the role check ran first and nothing changes either way.
const writes = () => [
  ['POST', POLICIES, {}],
  ['PATCH', `${POLICIES}/${policyId}`, { displayName: '' }],
  ['DELETE', `${POLICIES}/00000000-0000-0000-0000-000000000000`, undefined],
  ['POST', `${POLICIES}/${policyId}/assign`, { assignments: 'none' }],
  ['POST', `${VE}/userSettings`, {}],
  ['PATCH', `${VE}/userSettings/${settingId}`, { displayName: '' }],
  ['DELETE', `${VE}/userSettings/00000000-0000-0000-0000-000000000000`, undefined],
  ['POST', `${VE}/userSettings/${settingId}/assign`, { assignments: 'none' }],
  ...['reboot', 'reprovision', 'endGracePeriod', 'powerOn', 'powerOff'].map((action) => [
    'POST',
    `${VE}/cloudPCs/00000000-0000-0000-0000-000000000000/${action}`,
    undefined,
  ]),
  ['POST', `${VE}/cloudPCs/00000000-0000-0000-0000-000000000000/rename`, { displayName: '' }],
  ['POST', `${VE}/cloudPCs/00000000-0000-0000-0000-000000000000/resize`, {}],
  ['POST', `${VE}/cloudPCs/00000000-0000-0000-0000-000000000000/restore`, {}],
];
const me = () => [
  ['GET', '/api/v1.0/me/cloudPCs'],
  ['GET', '/api/v1.0/me/cloudPCs/00000000-0000-0000-0000-000000000000'],
  ['GET', '/api/v1.0/me/cloudPCs/00000000-0000-0000-0000-000000000000/retrieveSnapshots'],
  ['POST', '/api/v1.0/me/cloudPCs/00000000-0000-0000-0000-000000000000/reboot'],
  ['POST', '/api/v1.0/me/cloudPCs/00000000-0000-0000-0000-000000000000/troubleshoot'],
];

describe('authorisation on every route', () => {
  it('answers 401 with WWW-Authenticate and the Graph envelope without a token', async () => {
    for (const [method, path, body] of [...reads(), ...writes(), ...me()]) {
      const response = await h.anonymous.request(
        method as string,
        path as string,
        body === undefined ? {} : { body },
      );
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(response.body.error.code).toBe('Unauthorized');
    }
  });

  it('lets support staff read and troubleshoot but not write', async () => {
    const support = h.as('support@contoso.test');
    for (const [method, path] of reads()) {
      expect((await support.request(method as string, path as string)).status, `${method} ${path}`).toBe(200);
    }
    const troubleshoot = await support.post(
      `${VE}/cloudPCs/00000000-0000-0000-0000-000000000000/troubleshoot`,
    );
    expect(troubleshoot.status, 'support may troubleshoot (404: no such Cloud PC)').toBe(404);
    expect(
      (await support.get(`${VE}/cloudPCs/00000000-0000-0000-0000-000000000000/retrieveSnapshots`)).status,
    ).toBe(404);
    for (const [method, path, body] of writes()) {
      const response = await support.request(
        method as string,
        path as string,
        body === undefined ? {} : { body },
      );
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.error.code).toBe('Forbidden');
    }
  });

  it('refuses people without an admin role on every admin route', async () => {
    const adele = h.as('adele@contoso.test');
    for (const [method, path, body] of [...reads(), ...writes()]) {
      const response = await adele.request(
        method as string,
        path as string,
        body === undefined ? {} : { body },
      );
      expect(response.status, `${method} ${path}`).toBe(403);
    }
  });

  it('lets admins and automation apps read and reach validation on writes', async () => {
    for (const caller of [h.as('admin@contoso.test'), h.asApp('automation', 'Contoso')]) {
      for (const [method, path] of reads()) {
        expect((await caller.request(method as string, path as string)).status, `${method} ${path}`).toBe(
          200,
        );
      }
      for (const [method, path, body] of writes()) {
        const response = await caller.request(
          method as string,
          path as string,
          body === undefined ? {} : { body },
        );
        expect([400, 404], `${method} ${path}`).toContain(response.status);
      }
    }
  });

  it('keeps /me for people: any signed-in user yes, apps no', async () => {
    for (const [method, path] of me()) {
      const response = await h.as('adele@contoso.test').request(method as string, path as string);
      expect([200, 404]).toContain(response.status);
      expect((await h.asApp('automation', 'Contoso').request(method as string, path as string)).status).toBe(
        403,
      );
    }
  });

  it('refuses an app token that lacks the API application role with 403', async () => {
    const worker = h.asApp('worker', 'Contoso');
    const response = await worker.get(POLICIES);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('Forbidden');
  });
});
