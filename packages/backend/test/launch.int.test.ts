import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../src/audit/actor.ts';
import { insertCloudPc } from '../src/cloud-pcs/cloud-pc-repository.ts';
import { loadPlatformConfig } from '../src/config/env.ts';
import { redeemLaunchTicket } from '../src/launch/launch.ts';
import type { ConnectionEventDocument } from '../src/launch/launch-repository.ts';
import { type ApiHarness, startApiHarness } from './api-harness.ts';
import { makeCloudPc } from './cloud-pc-fixtures.ts';
import { user } from './seed-identities.ts';

interface RedeemAnswer {
  connectionId: string;
  cloudPcId: string;
  cloudPcDisplayName: string;
  timeToConnectMs: number;
  error: { message: string };
}

let h: ApiHarness;
const adele = user('adele@contoso.test');
const alex = user('alex@contoso.test');
const fab = user('user@fabrikam.test');
const ids = { ready: '', provisioning: '', off: '', alexs: '', fabs: '' };
const base = '/api/v1.0/me';

async function launch(id: string, as = 'adele@contoso.test') {
  return h
    .as(as)
    .get<{ cloudPcId: string; cloudPcLaunchUrl: string; error?: { message: string } }>(
      `${base}/cloudPCs/${id}/getCloudPcLaunchInfo`,
    );
}
function ticketOf(url: string): string {
  return new URL(url, 'http://portal.test').searchParams.get('ticket') ?? '';
}
const redeem = (ticket: string, as = 'adele@contoso.test') =>
  h.as(as).post<RedeemAnswer>(`${base}/launchTickets/redeem`, { ticket });

async function events(userId: string): Promise<ConnectionEventDocument[]> {
  const store = await h.store();
  const { resources } = await store
    .container('connections')
    .items.query<ConnectionEventDocument>({
      query: "SELECT * FROM c WHERE c.docType = 'connectionEvent' AND c.userId = @userId",
      parameters: [{ name: '@userId', value: userId }],
    })
    .fetchAll();
  return resources;
}

beforeAll(async () => {
  h = await startApiHarness();
  const store = await h.store();
  const add = async (owner: typeof adele, overrides: Omit<Parameters<typeof makeCloudPc>[0], 'userId'>) =>
    (await insertCloudPc(store, makeCloudPc({ ...overrides, userId: owner.id }))).value.id;
  const mine = { tenantId: adele.tenantId, userPrincipalName: adele.userPrincipalName };
  ids.ready = await add(adele, { ...mine, displayName: 'Adele ready' });
  ids.provisioning = await add(adele, { ...mine, status: 'provisioning', displayName: 'Adele new' });
  ids.off = await add(adele, { ...mine, powerState: 'poweredOff', displayName: 'Adele off' });
  ids.alexs = await add(alex, { tenantId: alex.tenantId, userPrincipalName: alex.userPrincipalName });
  ids.fabs = await add(fab, { tenantId: fab.tenantId, userPrincipalName: fab.userPrincipalName });
});
afterAll(async () => {
  await h?.close();
});

describe('getCloudPcLaunchInfo and ticket redemption', () => {
  it('issues a session URL whose ticket redeems once and records the connection', async () => {
    const info = await launch(ids.ready);
    expect(info.status).toBe(200);
    expect(info.body.cloudPcId).toBe(ids.ready);
    expect(info.body.cloudPcLaunchUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/session\?ticket=/);
    const first = await redeem(ticketOf(info.body.cloudPcLaunchUrl));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ cloudPcId: ids.ready, cloudPcDisplayName: 'Adele ready' });
    expect(first.body.timeToConnectMs).toBeGreaterThanOrEqual(0);
    expect(first.body.timeToConnectMs).toBeLessThan(60_000);

    const report = await h
      .as('adele@contoso.test')
      .post(`${base}/connections/${first.body.connectionId}/report`, { roundTripMs: [12, 15] });
    expect(report.status).toBe(204);
    const end = await h
      .as('adele@contoso.test')
      .post(`${base}/connections/${first.body.connectionId}/report`, { disconnectReason: 'userClosed' });
    expect(end.status).toBe(204);
    const connected = (await events(adele.id)).find((event) => event.id === first.body.connectionId);
    expect(connected).toMatchObject({
      outcome: 'connected',
      cloudPcId: ids.ready,
      regionName: 'eastus',
      roundTripSamplesMs: [12, 15],
      disconnectReason: 'userClosed',
    });
    // Someone else cannot write into Adele's connection.
    const foreign = await h
      .as('alex@contoso.test')
      .post(`${base}/connections/${first.body.connectionId}/report`, { roundTripMs: [1] });
    expect(foreign.status).toBe(404);
  });

  it('refuses a replayed ticket, also when two redemptions race', async () => {
    const info = await launch(ids.ready);
    const ticket = ticketOf(info.body.cloudPcLaunchUrl);
    const racing = await Promise.all([redeem(ticket), redeem(ticket), redeem(ticket)]);
    expect(racing.map((answer) => answer.status).sort()).toEqual([200, 409, 409]);
    const again = await redeem(ticket);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already used/);
    expect((await events(adele.id)).some((event) => event.outcome === 'refusedReplayed')).toBe(true);
  });

  it('refuses an altered ticket: another Cloud PC in the claims, or a changed signature', async () => {
    const info = await launch(ids.ready);
    const ticket = ticketOf(info.body.cloudPcLaunchUrl);
    const [payload, signature] = ticket.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, cloudPcId: ids.alexs, oid: alex.id })).toString(
      'base64url',
    );
    for (const altered of [
      `${forged}.${signature}`,
      `${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`,
      payload,
      'not-a-ticket',
    ]) {
      const answer = await redeem(altered, altered.startsWith(forged) ? 'alex@contoso.test' : undefined);
      expect(answer.status, altered).toBe(400);
      expect(answer.body.error.message).toMatch(/not valid/);
    }
    // The untouched ticket still works: a refusal does not spend it.
    expect((await redeem(ticket)).status).toBe(200);
  });

  it('refuses an expired ticket (clock moved past the minute)', async () => {
    const info = await launch(ids.ready);
    const ticket = ticketOf(info.body.cloudPcLaunchUrl);
    const later = new Date(Date.now() + 61_000);
    const context: RequestContext = {
      tenantId: adele.tenantId,
      actor: {
        type: 'user',
        objectId: adele.id,
        userPrincipalName: adele.userPrincipalName,
        applicationId: null,
      },
      requestId: 'test',
      region: 'eastus',
      now: () => later,
    };
    const secret = loadPlatformConfig({}).launchTicketSecret;
    await expect(
      redeemLaunchTicket({ store: await h.store(), context, secret, ticket }),
    ).rejects.toMatchObject({
      code: 'BadRequest',
      message: expect.stringMatching(/expired/),
    });
    // Within the minute the same ticket is good, so the refusal above was the clock's doing.
    const soon = { ...context, now: () => new Date(Date.now() + 30_000) };
    await expect(
      redeemLaunchTicket({ store: await h.store(), context: soon, secret, ticket }),
    ).resolves.toMatchObject({ cloudPcId: ids.ready });
  });

  it("refuses another person's ticket and records the attempt", async () => {
    const info = await launch(ids.ready);
    const answer = await redeem(ticketOf(info.body.cloudPcLaunchUrl), 'alex@contoso.test');
    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toMatch(/someone else/);
    expect((await events(alex.id)).some((event) => event.outcome === 'refusedWrongUser')).toBe(true);
    // ...and the owner can still use it.
    expect((await redeem(ticketOf(info.body.cloudPcLaunchUrl))).status).toBe(200);
  });

  it('refuses a Cloud PC that is not provisioned or is turned off, in words, and records it', async () => {
    const provisioning = await launch(ids.provisioning);
    expect(provisioning.status).toBe(409);
    expect(provisioning.body.error?.message).toMatch(/still being set up/);
    const off = await launch(ids.off);
    expect(off.status).toBe(409);
    expect(off.body.error?.message).toMatch(/turned off/);
    const refused = (await events(adele.id)).filter((event) => event.outcome === 'refusedNotRunning');
    expect(refused.map((event) => event.cloudPcId).sort()).toEqual([ids.off, ids.provisioning].sort());
  });

  it("answers 404 for a colleague's Cloud PC, another tenant's, or none", async () => {
    expect((await launch(ids.alexs)).status).toBe(404);
    expect((await launch(ids.fabs)).status).toBe(404);
    expect((await launch('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await launch(ids.ready, 'alex@contoso.test')).status).toBe(404);
  });

  it('keeps tenants apart: a Contoso ticket is refused for a Fabrikam user and Fabrikam sees no Contoso data', async () => {
    const info = await launch(ids.ready);
    const answer = await redeem(ticketOf(info.body.cloudPcLaunchUrl), 'user@fabrikam.test');
    expect(answer.status).toBe(403);
    const fabLaunch = await launch(ids.fabs, 'user@fabrikam.test');
    expect(fabLaunch.status).toBe(200);
    // Fabrikam's ticket names Fabrikam's Cloud PC and cannot be used in Contoso.
    expect((await redeem(ticketOf(fabLaunch.body.cloudPcLaunchUrl))).status).toBe(403);
    expect((await redeem(ticketOf(fabLaunch.body.cloudPcLaunchUrl), 'user@fabrikam.test')).status).toBe(200);
    const store = await h.store();
    const { resources } = await store
      .container('connections')
      .items.query<{ cloudPcId: string }>(
        {
          query: 'SELECT c.cloudPcId FROM c WHERE c.tenantId = @t',
          parameters: [{ name: '@t', value: fab.tenantId }],
        },
        { partitionKey: fab.tenantId },
      )
      .fetchAll();
    expect(resources.length).toBeGreaterThan(0);
    expect(resources.every((row) => row.cloudPcId === ids.fabs || row.cloudPcId === ids.ready)).toBe(true);
  });
});

describe('self-service settings', () => {
  it('offers no restore without a user setting that allows it, and only to signed-in people', async () => {
    const settings = await h.as('adele@contoso.test').get(`${base}/selfServiceSettings`);
    expect(settings.status).toBe(200);
    expect(settings.body).toEqual({ userRestoreEnabled: false });
    expect((await h.anonymous.get(`${base}/selfServiceSettings`)).status).toBe(401);
  });
});
