import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AccountInfo, ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import { type AuthenticateOptions, authenticate } from '@cloudpc/backend/identity/authenticate';
import { msalAuthorityConfig } from '@cloudpc/backend/identity/msal-authority';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_API_CLIENT_SECRET, type LocalEntra, startLocalEntra } from './index.ts';
import { HttpSession, parseForm } from './testing/http-session.ts';

const CONTOSO = '33aa9011-a38d-5612-af97-a2d98d559844';
const FABRIKAM = '34d3c008-72e3-588e-970e-0a5cd70028f2';
const API = 'defa5593-fa6b-549e-b572-867eea1f0a43';
const ADMIN_PORTAL = 'ee10af15-610b-5159-ba49-074dfe8e36bb';
const USER_PORTAL = '6d1c7cbd-5acf-5cad-a181-09caea86cc4f';
const AUTOMATION = '98f41999-52eb-54d3-80c2-8d2ec63d59ba';
const WORKER = 'f5249154-8266-5501-a90e-ea3d1d9a6a24';
const PASSWORD = 'CloudPC-dev-1!';
const API_SCOPE = 'api://cloudpc-api/CloudPC.ReadWrite';
// A portal on a port nobody registered: local Entra, like Entra, ignores localhost ports.
const PORTAL_ORIGIN = 'http://localhost:45123';
const REDIRECT_URI = `${PORTAL_ORIGIN}/`;

let entra: LocalEntra;
let dataDir: string;
let auth: AuthenticateOptions;

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(tenant: string, params: Record<string, string>): string {
  return `${entra.url}/${tenant}/oauth2/v2.0/authorize?${new URLSearchParams({
    response_type: 'code',
    response_mode: 'query',
    redirect_uri: REDIRECT_URI,
    scope: `${API_SCOPE} openid profile offline_access`,
    state: 'state-123',
    nonce: 'nonce-456',
    code_challenge_method: 'S256',
    ...params,
  })}`;
}

async function postToken(tenant: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${entra.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

function bearer(token: unknown) {
  return { headers: { authorization: `Bearer ${String(token)}` } };
}

function expectEntraError(body: Record<string, unknown>, code: number, error: string): void {
  expect(body.error).toBe(error);
  expect(String(body.error_description)).toMatch(new RegExp(`^AADSTS${code}: `));
  expect(body.error_codes).toEqual([code]);
  expect(String(body.timestamp)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
  expect(String(body.trace_id)).toMatch(/^[0-9a-f-]{36}$/);
  expect(String(body.correlation_id)).toMatch(/^[0-9a-f-]{36}$/);
}

/** Signs in through the sign-in page and returns the code the app receives. */
async function signInWithCode(
  session: HttpSession,
  tenant: string,
  clientId: string,
  username: string,
  challenge: string,
): Promise<URL> {
  const page = await session.request(
    authorizeUrl(tenant, { client_id: clientId, code_challenge: challenge }),
  );
  const shown = await session.follow(page, PORTAL_ORIGIN);
  if (shown.location?.startsWith(PORTAL_ORIGIN)) return new URL(shown.location);
  expect(shown.status).toBe(200);
  const form = parseForm(shown.text, shown.url);
  const posted = await session.request(form.action, {
    form: { ...form.fields, username, password: PASSWORD },
  });
  const landed = await session.follow(posted, PORTAL_ORIGIN);
  expect(landed.location, landed.text.slice(0, 500)).toBeDefined();
  return new URL(landed.location as string);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'entra-int-'));
  entra = await startLocalEntra({ port: 0, dataDir });
  auth = { authorityHost: entra.url, apiClientId: API, knownTenants: [CONTOSO, FABRIKAM] };
});

afterAll(async () => {
  await entra?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('discovery and keys', () => {
  it('serves per-tenant OpenID configuration and the signing keys', async () => {
    const config = (await (
      await fetch(`${entra.url}/${CONTOSO}/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(config.issuer).toBe(`${entra.url}/${CONTOSO}/v2.0`);
    expect(config.token_endpoint).toBe(`${entra.url}/${CONTOSO}/oauth2/v2.0/token`);
    expect(config.end_session_endpoint).toBe(`${entra.url}/${CONTOSO}/oauth2/v2.0/logout`);
    const orgs = (await (
      await fetch(`${entra.url}/organizations/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(orgs.issuer).toBe(`${entra.url}/{tenantid}/v2.0`);
    const keys = (await (await fetch(config.jwks_uri as string)).json()) as {
      keys: Record<string, string>[];
    };
    expect(keys.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(keys.keys[0]?.d).toBeUndefined();
  });
});

describe('client credentials (msal-node)', () => {
  it('issues an app-only API token the backend accepts', async () => {
    const authority = await msalAuthorityConfig({ authorityHost: entra.url, tenant: CONTOSO, isLocal: true });
    expect(authority.authority.startsWith('https://')).toBe(true);
    const cca = new ConfidentialClientApplication({
      auth: { clientId: AUTOMATION, clientSecret: 'automation-dev-secret', ...authority },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: ['api://cloudpc-api/.default'] });
    const principal = await authenticate(bearer(result?.accessToken), auth);
    expect(principal).toMatchObject({
      tenantId: CONTOSO,
      isAppOnly: true,
      appId: AUTOMATION,
      roles: ['CloudPC.ReadWrite.All'],
    });
    const header = JSON.parse(
      Buffer.from(String(result?.accessToken).split('.')[0] ?? '', 'base64url').toString(),
    );
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    const again = await cca.acquireTokenByClientCredential({ scopes: ['api://cloudpc-api/.default'] });
    expect(again?.accessToken).toBe(result?.accessToken);
  });

  it('gives an app without API roles a token the backend forbids', async () => {
    const authority = await msalAuthorityConfig({
      authorityHost: entra.url,
      tenant: FABRIKAM,
      isLocal: true,
    });
    const cca = new ConfidentialClientApplication({
      auth: { clientId: WORKER, clientSecret: 'worker-dev-secret', ...authority },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: ['api://cloudpc-api/.default'] });
    expect(decodeJwt(String(result?.accessToken)).tid).toBe(FABRIKAM);
    await expect(authenticate(bearer(result?.accessToken), auth)).rejects.toMatchObject({
      code: 'Forbidden',
    });
  });

  it('issues Graph tokens with the app’s Graph permissions', async () => {
    const { status, body } = await postToken(CONTOSO, {
      grant_type: 'client_credentials',
      client_id: WORKER,
      client_secret: 'worker-dev-secret',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(status).toBe(200);
    const claims = decodeJwt(String(body.access_token));
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      idtyp: 'app',
      roles: ['GroupMember.Read.All', 'User.Read.All'],
    });
    await expect(authenticate(bearer(body.access_token), auth)).rejects.toMatchObject({
      code: 'Unauthorized',
    });
  });

  it('accepts the secret in a Basic Authorization header too', async () => {
    const { status } = await postToken(
      CONTOSO,
      { grant_type: 'client_credentials', scope: 'api://cloudpc-api/.default' },
      { authorization: `Basic ${Buffer.from(`${AUTOMATION}:automation-dev-secret`).toString('base64')}` },
    );
    expect(status).toBe(200);
  });

  it('refuses client credentials without a tenant and without /.default', async () => {
    const creds = {
      grant_type: 'client_credentials',
      client_id: AUTOMATION,
      client_secret: 'automation-dev-secret',
    };
    const noTenant = await postToken('organizations', { ...creds, scope: 'api://cloudpc-api/.default' });
    expectEntraError(noTenant.body, 50059, 'invalid_request');
    const noDefault = await postToken(CONTOSO, { ...creds, scope: API_SCOPE });
    expectEntraError(noDefault.body, 1002012, 'invalid_scope');
  });
});

describe('Entra error shapes', () => {
  it('wrong client secret: AADSTS7000215 (msal-node surfaces it)', async () => {
    const authority = await msalAuthorityConfig({ authorityHost: entra.url, tenant: CONTOSO, isLocal: true });
    const cca = new ConfidentialClientApplication({
      auth: { clientId: AUTOMATION, clientSecret: 'nope', ...authority },
    });
    const error = await cca
      .acquireTokenByClientCredential({ scopes: ['api://cloudpc-api/.default'] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ errorCode: 'invalid_client' });
    expect(String((error as Error).message)).toContain('AADSTS7000215');

    const raw = await postToken(
      CONTOSO,
      {
        grant_type: 'client_credentials',
        client_id: AUTOMATION,
        client_secret: 'nope',
        scope: 'api://cloudpc-api/.default',
      },
      { 'client-request-id': '0f3c7c3e-1111-4222-8333-444455556666' },
    );
    expect(raw.status).toBe(401);
    expectEntraError(raw.body, 7000215, 'invalid_client');
    expect(raw.body.correlation_id).toBe('0f3c7c3e-1111-4222-8333-444455556666');
  });

  it('unknown client: AADSTS700016', async () => {
    const raw = await postToken(CONTOSO, {
      grant_type: 'client_credentials',
      client_id: '00000000-0000-4000-8000-000000000000',
      client_secret: 'x',
      scope: 'api://cloudpc-api/.default',
    });
    expect(raw.status).toBe(400);
    expectEntraError(raw.body, 700016, 'unauthorized_client');
  });

  it('wrong password: AADSTS50126', async () => {
    const raw = await postToken(CONTOSO, {
      grant_type: 'password',
      client_id: ADMIN_PORTAL,
      username: 'admin@contoso.test',
      password: 'wrong',
      scope: API_SCOPE,
    });
    expect(raw.status).toBe(400);
    expectEntraError(raw.body, 50126, 'invalid_grant');
  });

  it('unregistered redirect URI: AADSTS50011 page, never a redirect', async () => {
    const { challenge } = pkce();
    for (const tenant of [CONTOSO, 'organizations']) {
      for (const redirectUri of [
        `${PORTAL_ORIGIN}/elsewhere`,
        'https://evil.example/',
        'http://127.0.0.2:3000/',
      ]) {
        const response = await fetch(
          authorizeUrl(tenant, {
            client_id: ADMIN_PORTAL,
            code_challenge: challenge,
            redirect_uri: redirectUri,
          }),
          { redirect: 'manual', headers: { accept: 'text/html' } },
        );
        expect(response.status).toBe(400);
        expect(response.headers.get('location')).toBeNull();
        expect(await response.text()).toContain('AADSTS50011');
      }
    }
  });

  it('unknown client at the authorize endpoint: AADSTS700016 page', async () => {
    const { challenge } = pkce();
    const response = await fetch(
      authorizeUrl(CONTOSO, { client_id: '00000000-0000-4000-8000-000000000000', code_challenge: challenge }),
      {
        redirect: 'manual',
        headers: { accept: 'text/html' },
      },
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('AADSTS700016');
  });
});

describe('ROPC, refresh and on-behalf-of (msal-node)', () => {
  let account: AccountInfo | null = null;
  let pca: PublicClientApplication;
  let userToken = '';

  beforeAll(async () => {
    pca = new PublicClientApplication({
      auth: {
        clientId: ADMIN_PORTAL,
        ...(await msalAuthorityConfig({ authorityHost: entra.url, tenant: 'organizations', isLocal: true })),
      },
    });
  });

  it('password grant for a seeded user through the organizations authority', async () => {
    const result = await pca.acquireTokenByUsernamePassword({
      scopes: [API_SCOPE],
      username: 'support@contoso.test',
      password: PASSWORD,
    });
    account = result?.account ?? null;
    userToken = String(result?.accessToken);
    expect(account).toMatchObject({
      tenantId: CONTOSO,
      username: 'support@contoso.test',
      name: 'Pradeep Gupta (Support)',
    });
    const principal = await authenticate(bearer(userToken), auth);
    expect(principal).toMatchObject({
      tenantId: CONTOSO,
      objectId: '4ed0dd03-c4b9-5287-a480-52dd7f600cfa',
      upn: 'support@contoso.test',
      roles: ['CloudPC.Support'],
      scopes: ['CloudPC.ReadWrite'],
      isAppOnly: false,
      appId: ADMIN_PORTAL,
    });
    expect(decodeJwt(userToken)).toMatchObject({ ver: '2.0', iss: `${entra.url}/${CONTOSO}/v2.0`, aud: API });
  });

  it('silent forced refresh uses the refresh token grant', async () => {
    expect(account).not.toBeNull();
    const refreshed = await pca.acquireTokenSilent({
      account: account as AccountInfo,
      scopes: [API_SCOPE],
      forceRefresh: true,
    });
    expect(refreshed.accessToken).not.toBe(userToken);
    const principal = await authenticate(bearer(refreshed.accessToken), auth);
    expect(principal.upn).toBe('support@contoso.test');
  });

  it('on-behalf-of: the API trades the user token for a Graph token for the same user', async () => {
    const api = new ConfidentialClientApplication({
      auth: {
        clientId: API,
        clientSecret: LOCAL_API_CLIENT_SECRET,
        ...(await msalAuthorityConfig({ authorityHost: entra.url, tenant: CONTOSO, isLocal: true })),
      },
    });
    const result = await api.acquireTokenOnBehalfOf({
      oboAssertion: userToken,
      scopes: ['https://graph.microsoft.com/.default'],
    });
    const keys = createRemoteJWKSet(new URL(`${entra.url}/${CONTOSO}/discovery/v2.0/keys`));
    const { payload } = await jwtVerify(String(result?.accessToken), keys, {
      algorithms: ['RS256'],
      issuer: `${entra.url}/${CONTOSO}/v2.0`,
      audience: 'https://graph.microsoft.com',
    });
    expect(payload).toMatchObject({ oid: '4ed0dd03-c4b9-5287-a480-52dd7f600cfa', azp: API, tid: CONTOSO });
    expect(String(payload.scp)).toContain('User.Read');
  });

  it('on-behalf-of refuses an assertion meant for another app and app-only assertions', async () => {
    const worker = await postToken(CONTOSO, {
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      client_id: WORKER,
      client_secret: 'worker-dev-secret',
      assertion: userToken,
      requested_token_use: 'on_behalf_of',
      scope: 'https://graph.microsoft.com/.default',
    });
    expectEntraError(worker.body, 50013, 'invalid_grant');
    const appToken = await postToken(CONTOSO, {
      grant_type: 'client_credentials',
      client_id: AUTOMATION,
      client_secret: 'automation-dev-secret',
      scope: 'api://cloudpc-api/.default',
    });
    const obo = await postToken(CONTOSO, {
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      client_id: API,
      client_secret: LOCAL_API_CLIENT_SECRET,
      assertion: String(appToken.body.access_token),
      requested_token_use: 'on_behalf_of',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(obo.status).toBe(400);
    expect(obo.body.error).toBe('invalid_grant');
  });
});

describe('authorization code + PKCE over HTTP', () => {
  const session = () => new HttpSession(entra.url);

  it('organizations: sign-in page, code on an unregistered localhost port, tokens, SSO, logout', async () => {
    const browser = session();
    const { verifier, challenge } = pkce();
    const first = await browser.request(
      authorizeUrl('organizations', { client_id: ADMIN_PORTAL, code_challenge: challenge }),
    );
    expect(first.status).toBe(200);
    expect(first.text).toMatch(/<label for="username">/);
    expect(first.text).toMatch(/<label for="password">/);
    expect(first.text).not.toContain(PASSWORD);
    expect(first.text).not.toMatch(/fonts\.googleapis|https:\/\/[^"]*\.(css|woff)/);
    expect(first.headers.get('content-security-policy')).toContain("default-src 'none'");

    const form = parseForm(first.text, first.url);
    const wrong = await browser.request(form.action, {
      form: { ...form.fields, username: 'admin@contoso.test', password: 'nope' },
    });
    expect(wrong.text).toContain('role="alert"');
    expect(wrong.text).toContain('AADSTS50126');

    const posted = await browser.request(form.action, {
      form: { ...form.fields, username: 'admin@contoso.test', password: PASSWORD },
    });
    const landed = await browser.follow(posted, PORTAL_ORIGIN);
    const callback = new URL(String(landed.location));
    expect(callback.origin).toBe(PORTAL_ORIGIN);
    expect(callback.searchParams.get('state')).toBe('state-123');
    const code = callback.searchParams.get('code');
    expect(code).toBeTruthy();

    const tokens = await postToken(
      'organizations',
      {
        grant_type: 'authorization_code',
        client_id: ADMIN_PORTAL,
        code: String(code),
        code_verifier: verifier,
        redirect_uri: REDIRECT_URI,
        scope: `${API_SCOPE} openid profile offline_access`,
        client_info: '1',
      },
      { origin: PORTAL_ORIGIN },
    );
    expect(tokens.status).toBe(200);
    expect(tokens.headers.get('access-control-allow-origin')).toBe(PORTAL_ORIGIN);
    expect(String(tokens.body.scope).split(' ')).toContain(API_SCOPE);
    expect(tokens.body.refresh_token).toEqual(expect.any(String));
    expect(JSON.parse(Buffer.from(String(tokens.body.client_info), 'base64url').toString())).toEqual({
      uid: '7fb1005c-4820-5523-8e3d-3345b36a8180',
      utid: CONTOSO,
    });
    const idToken = decodeJwt(String(tokens.body.id_token));
    expect(idToken).toMatchObject({
      aud: ADMIN_PORTAL,
      iss: `${entra.url}/${CONTOSO}/v2.0`,
      tid: CONTOSO,
      oid: '7fb1005c-4820-5523-8e3d-3345b36a8180',
      preferred_username: 'admin@contoso.test',
      name: 'Nestor Wilke (IT admin)',
      nonce: 'nonce-456',
    });
    const principal = await authenticate(bearer(tokens.body.access_token), auth);
    expect(principal).toMatchObject({
      upn: 'admin@contoso.test',
      roles: ['CloudPC.Admin'],
      isAppOnly: false,
    });

    // Refresh as the SPA would (organizations endpoint, CORS).
    const refreshed = await postToken(
      'organizations',
      {
        grant_type: 'refresh_token',
        client_id: ADMIN_PORTAL,
        refresh_token: String(tokens.body.refresh_token),
        scope: `${API_SCOPE} openid profile offline_access`,
      },
      { origin: PORTAL_ORIGIN },
    );
    expect(refreshed.status).toBe(200);
    expect((await authenticate(bearer(refreshed.body.access_token), auth)).upn).toBe('admin@contoso.test');

    // The code is single use (a replay also revokes what it issued, as RFC 6749 advises).
    const replay = await postToken(CONTOSO, {
      grant_type: 'authorization_code',
      client_id: ADMIN_PORTAL,
      code: String(code),
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
    });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');

    // Single sign-on: the user portal gets a code without a sign-in page.
    const second = pkce();
    const sso = await browser.follow(
      await browser.request(
        authorizeUrl('organizations', {
          client_id: USER_PORTAL,
          code_challenge: second.challenge,
          redirect_uri: 'http://localhost:3001/',
        }),
      ),
      'http://localhost:3001',
    );
    expect(new URL(String(sso.location)).searchParams.get('code')).toBeTruthy();

    // Sign-out honours post_logout_redirect_uri for a registered (port-agnostic) URI.
    const logout = await browser.request(
      `${entra.url}/organizations/oauth2/v2.0/logout?${new URLSearchParams({
        id_token_hint: String(tokens.body.id_token),
        post_logout_redirect_uri: REDIRECT_URI,
        state: 'bye',
      })}`,
    );
    const confirm = await browser.follow(logout, PORTAL_ORIGIN);
    expect(confirm.status).toBe(200);
    expect(confirm.text).not.toMatch(/fonts\.googleapis/);
    const logoutForm = parseForm(confirm.text, confirm.url);
    const done = await browser.follow(
      await browser.request(logoutForm.action, { form: { ...logoutForm.fields, logout: 'yes' } }),
      PORTAL_ORIGIN,
    );
    const back = new URL(String(done.location));
    expect(back.origin).toBe(PORTAL_ORIGIN);
    expect(back.searchParams.get('state')).toBe('bye');

    // Signed out: a silent request now needs interaction.
    const silent = await browser.follow(
      await browser.request(
        authorizeUrl('organizations', { client_id: ADMIN_PORTAL, code_challenge: challenge, prompt: 'none' }),
      ),
      PORTAL_ORIGIN,
    );
    expect(new URL(String(silent.location)).searchParams.get('error')).toBe('login_required');
  });

  it('tenant authority: the tenant sign-in page refuses other tenants’ users', async () => {
    const browser = session();
    const { verifier, challenge } = pkce();
    const page = await browser.follow(
      await browser.request(authorizeUrl(FABRIKAM, { client_id: USER_PORTAL, code_challenge: challenge })),
    );
    expect(page.text).toContain('Fabrikam');
    const form = parseForm(page.text, page.url);
    const other = await browser.request(form.action, {
      form: { ...form.fields, username: 'adele@contoso.test', password: PASSWORD },
    });
    expect(other.text).toContain('AADSTS50020');
    const callback = await signInWithCode(browser, FABRIKAM, USER_PORTAL, 'user@fabrikam.test', challenge);
    // The earlier page's interaction was superseded; a fresh one signed the user in.
    const tokens = await postToken(FABRIKAM, {
      grant_type: 'authorization_code',
      client_id: USER_PORTAL,
      code: String(callback.searchParams.get('code')),
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
      scope: `${API_SCOPE} openid profile offline_access`,
    });
    expect(tokens.status).toBe(200);
    const principal = await authenticate(bearer(tokens.body.access_token), auth);
    expect(principal).toMatchObject({ tenantId: FABRIKAM, upn: 'user@fabrikam.test', roles: [] });
  });

  it('refuses a code exchanged with the wrong PKCE verifier', async () => {
    const browser = session();
    const { challenge } = pkce();
    const callback = await signInWithCode(browser, CONTOSO, ADMIN_PORTAL, 'megan@contoso.test', challenge);
    const tokens = await postToken(CONTOSO, {
      grant_type: 'authorization_code',
      client_id: ADMIN_PORTAL,
      code: String(callback.searchParams.get('code')),
      code_verifier: pkce().verifier,
      redirect_uri: REDIRECT_URI,
    });
    expect(tokens.status).toBe(400);
    expect(tokens.body.error).toBe('invalid_grant');
  });
});

describe('persistence across restarts', () => {
  it('keeps the signing key, browser sessions and refresh tokens with the same data dir', async () => {
    const keysUrl = (e: LocalEntra) => `${e.url}/${CONTOSO}/discovery/v2.0/keys`;
    const keysBefore = await (await fetch(keysUrl(entra))).json();
    const browser = new HttpSession(entra.url);
    const { challenge } = pkce();
    await signInWithCode(browser, 'organizations', ADMIN_PORTAL, 'alex@contoso.test', challenge);
    const ropc = await postToken(CONTOSO, {
      grant_type: 'password',
      client_id: ADMIN_PORTAL,
      username: 'grady@contoso.test',
      password: PASSWORD,
      scope: `${API_SCOPE} openid profile offline_access`,
    });
    expect(ropc.body.refresh_token).toEqual(expect.any(String));

    const { port } = entra;
    await entra.close();
    // Let the client's pooled keep-alive sockets see the close before they are reused.
    await new Promise((resolve) => setTimeout(resolve, 100));
    entra = await startLocalEntra({ port, dataDir });

    expect(await (await fetch(keysUrl(entra))).json()).toEqual(keysBefore);
    const refreshed = await postToken(CONTOSO, {
      grant_type: 'refresh_token',
      client_id: ADMIN_PORTAL,
      refresh_token: String(ropc.body.refresh_token),
      scope: `${API_SCOPE} openid profile offline_access`,
    });
    expect(refreshed.status).toBe(200);
    expect((await authenticate(bearer(refreshed.body.access_token), auth)).upn).toBe('grady@contoso.test');

    const silent = await browser.follow(
      await browser.request(
        authorizeUrl('organizations', { client_id: ADMIN_PORTAL, code_challenge: challenge, prompt: 'none' }),
      ),
      PORTAL_ORIGIN,
    );
    expect(new URL(String(silent.location)).searchParams.get('code')).toBeTruthy();
  });
});
