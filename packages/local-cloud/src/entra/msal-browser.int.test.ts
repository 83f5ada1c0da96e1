import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { authenticate } from '@cloudpc/backend/identity/authenticate';
import { type Browser, chromium } from '@playwright/test';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalEntra, startLocalEntra } from './index.ts';

/**
 * msal-browser 5 in Chromium against the local Entra, with the local configuration the
 * portals use (https label authority, knownAuthorities, inline authorityMetadata). It
 * guards the measured workarounds: a change in the provider that breaks MSAL fails here,
 * not first in the portals' e2e.
 */
const ADMIN_PORTAL = 'ee10af15-610b-5159-ba49-074dfe8e36bb';
const API = 'defa5593-fa6b-549e-b572-867eea1f0a43';
const CONTOSO = '33aa9011-a38d-5612-af97-a2d98d559844';
const SCOPE = 'api://cloudpc-api/CloudPC.ReadWrite';

let entra: LocalEntra;
let portal: Server;
let origin: string;
let browser: Browser;

function page(entraUrl: string): string {
  const host = new URL(entraUrl).host;
  return `<!doctype html><html lang="en"><head><title>portal</title></head><body data-state="loading">
<button id="login">Sign in</button><button id="logout">Sign out</button><pre id="out"></pre>
<script src="/msal.js"></script><script src="/bridge.js"></script><script>
(async () => {
  // In the hidden iframe (ssoSilent) this page is msal-browser 5's redirect bridge.
  if (window.parent !== window || window.opener) {
    await msalRedirectBridge.broadcastResponseToMainFrame();
    return;
  }
  try {
    const metadata = await (await fetch('${entraUrl}/organizations/v2.0/.well-known/openid-configuration')).text();
    const pca = new msal.PublicClientApplication({
      auth: {
        clientId: '${ADMIN_PORTAL}',
        authority: 'https://${host}/organizations',
        knownAuthorities: ['${host}'],
        authorityMetadata: metadata,
        redirectUri: location.origin + '/',
        postLogoutRedirectUri: location.origin + '/',
      },
      cache: { cacheLocation: 'sessionStorage' },
    });
    await pca.initialize();
    await pca.handleRedirectPromise();
    const [account] = pca.getAllAccounts();
    document.getElementById('login').onclick = () => pca.loginRedirect({ scopes: ['${SCOPE}'] });
    document.getElementById('logout').onclick = () => pca.logoutRedirect({ account, idTokenHint: account.idToken });
    if (!account) { document.body.dataset.state = 'signed-out'; return; }
    const first = await pca.acquireTokenSilent({ account, scopes: ['${SCOPE}'] });
    const cached = await pca.acquireTokenSilent({ account, scopes: ['${SCOPE}'] });
    const refreshed = await pca.acquireTokenSilent({ account, scopes: ['${SCOPE}'], forceRefresh: true });
    const sso = await pca.ssoSilent({ loginHint: account.username, scopes: ['${SCOPE}'] });
    window.result = {
      name: account.name, username: account.username, tenantId: account.tenantId,
      cachedFromCache: cached.fromCache, cachedSame: cached.accessToken === first.accessToken,
      refreshedDiffers: refreshed.accessToken !== first.accessToken, token: refreshed.accessToken,
      ssoUser: sso.account.username, ssoFromCache: sso.fromCache,
    };
    document.body.dataset.state = 'signed-in';
  } catch (error) {
    document.getElementById('out').textContent = String((error && error.stack) || error);
    document.body.dataset.state = 'error';
  }
})();
</script></body></html>`;
}

beforeAll(async () => {
  entra = await startLocalEntra({ port: 0 });
  // The package's exports hide the UMD bundle; it sits beside the CommonJS entry.
  const main = createRequire(import.meta.url).resolve('@azure/msal-browser');
  const bundle = readFileSync(join(dirname(main), 'msal-browser.min.js'));
  const bridge = readFileSync(join(dirname(main), 'redirect-bridge', 'msal-redirect-bridge.min.js'));
  const html = page(entra.url);
  portal = createServer((req, res) => {
    if (req.url === '/msal.js' || req.url === '/bridge.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(req.url === '/msal.js' ? bundle : bridge);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
  // A port nobody registered: local Entra ignores localhost ports like Entra does.
  origin = `http://localhost:${(portal.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (portal ? portal.close(() => resolve()) : resolve()));
  await entra?.close();
});

it('signs in, renews silently, refreshes, ssoSilent (iframe) and signs out with msal-browser', async () => {
  const tab = await browser.newPage();
  const external: string[] = [];
  tab.on('request', (request) => {
    const { hostname } = new URL(request.url());
    if (hostname !== 'localhost' && hostname !== '127.0.0.1') external.push(request.url());
  });
  await tab.goto(origin);
  await tab.waitForSelector('body[data-state="signed-out"]');

  await tab.click('#login');
  await tab.getByLabel('Username').fill('admin@contoso.test');
  await tab.getByLabel('Password').fill('CloudPC-dev-1!');
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.waitForSelector('body[data-state="signed-in"], body[data-state="error"]');
  expect(await tab.textContent('#out')).toBe('');

  const result = (await tab.evaluate(() => (window as unknown as { result: unknown }).result)) as Record<
    string,
    unknown
  >;
  expect(result).toMatchObject({
    name: 'Nestor Wilke (IT admin)',
    username: 'admin@contoso.test',
    tenantId: CONTOSO,
    cachedFromCache: true,
    cachedSame: true,
    refreshedDiffers: true,
    ssoUser: 'admin@contoso.test',
    ssoFromCache: false,
  });
  const principal = await authenticate(
    { headers: { authorization: `Bearer ${String(result.token)}` } },
    { authorityHost: entra.url, apiClientId: API, knownTenants: [CONTOSO] },
  );
  expect(principal).toMatchObject({ upn: 'admin@contoso.test', roles: ['CloudPC.Admin'] });

  await tab.click('#logout');
  await tab.waitForSelector('body[data-state="signed-out"]');
  expect(new URL(tab.url()).origin).toBe(origin);

  // Signed out at the provider too: signing in again shows the sign-in page.
  await tab.click('#login');
  await tab.waitForSelector('#username');
  expect(tab.url().startsWith(entra.url)).toBe(true);
  expect(external).toEqual([]);
});
