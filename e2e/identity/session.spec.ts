import { expect, type Page, type Request, test } from '@playwright/test';
import { signIn } from '../support/identities.ts';
import { PORTALS, stackUrls } from '../support/local-cloud.ts';
import { collectErrors } from '../support/page-checks.ts';

/**
 * How a session recovers when the API refuses a token. These tests sign in themselves:
 * renewing rotates the refresh token, which must not touch the state other specs share.
 */
const { frontDoor, entra } = stackUrls();
const origin = frontDoor.admin;
// The overview's Cloud PC data: one report call (issue 6), no longer the cloudPCs list.
const CLOUD_PCS = '**/api/v1.0/deviceManagement/virtualEndpoint/reports/cloudPcOverview*';

const REFUSED = {
  status: 401,
  headers: {
    'content-type': 'application/json',
    'www-authenticate': 'Bearer error="invalid_token"',
    'x-request-id': 'e2e-refused',
  },
  body: JSON.stringify({
    error: {
      code: 'InvalidAuthenticationToken',
      message: 'Access token has expired or is not yet valid.',
      innerError: { 'request-id': 'e2e-refused', date: new Date().toISOString() },
    },
  }),
};

function grantType(request: Request): string | null {
  return new URLSearchParams(request.postData() ?? '').get('grant_type');
}

const isTokenEndpoint = (url: URL) => url.pathname.endsWith('/oauth2/v2.0/token');

/**
 * Records what the page does from now on: token grants, authorization requests (in this
 * window or in a frame), where frames end up, and whether this window navigated at all.
 */
function watch(page: Page) {
  const seen = {
    grants: [] as string[],
    authorize: [] as { inMainFrame: boolean; url: string }[],
    frameUrls: [] as string[],
    mainNavigations: [] as string[],
  };
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) seen.mainNavigations.push(frame.url());
    else seen.frameUrls.push(frame.url());
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (request.method() === 'POST' && isTokenEndpoint(url))
      seen.grants.push(grantType(request) ?? 'unknown');
    // The `organizations` endpoint redirects to the home tenant's: count the first request only.
    if (
      url.origin === entra &&
      url.pathname.endsWith('/oauth2/v2.0/authorize') &&
      !request.redirectedFrom()
    ) {
      seen.authorize.push({ inMainFrame: request.frame() === page.mainFrame(), url: request.url() });
    }
  });
  return seen;
}

/**
 * The overview's Cloud PCs arrived from the API: the empty state or the counts, whichever
 * this run's other specs left behind (they may have provisioned some).
 */
async function cloudPcsShown(page: Page) {
  const section = page.getByRole('region', { name: 'Cloud PCs by status' });
  await expect(
    section
      .getByRole('heading', { name: 'No Cloud PCs yet' })
      .or(section.getByRole('list', { name: 'Cloud PCs by status' })),
  ).toBeVisible();
}

async function signInToOverview(page: Page) {
  await signIn(page, origin, 'admin');
  await cloudPcsShown(page);
}

const refreshButton = (page: Page) => page.getByRole('main').getByRole('button', { name: 'Refresh' });
const refresh = (page: Page) => refreshButton(page).click();

/** The refresh is over (the button is enabled again) and it ended well. */
async function refreshedWithoutError(page: Page) {
  await expect(refreshButton(page)).not.toHaveAttribute('aria-disabled', 'true');
  // In main: Next.js keeps its route announcer, also an alert, outside it.
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  await cloudPcsShown(page);
}

test('a token the API refuses is replaced by a fresh one, without a reload', async ({ page }) => {
  const errors = collectErrors(page);
  await signInToOverview(page);
  const seen = watch(page);
  const tokens: string[] = [];
  let refused = 0;
  await page.route(CLOUD_PCS, async (route) => {
    tokens.push(route.request().headers().authorization ?? '');
    if (refused++ === 0) return route.fulfill(REFUSED);
    return route.continue();
  });

  await refresh(page);
  await expect.poll(() => tokens.length).toBe(2);
  await refreshedWithoutError(page);
  expect(tokens[0]).toMatch(/^Bearer ey/);
  expect(tokens[1]).toMatch(/^Bearer ey/);
  expect(tokens[1]).not.toBe(tokens[0]);
  // The fresh token came from the refresh token, not from the cache or a new sign-in.
  expect(seen.grants).toEqual(['refresh_token']);
  expect(seen.authorize).toEqual([]);
  expect(seen.mainNavigations).toEqual([]);
  expect(errors.filter((error) => !error.includes('status of 401'))).toEqual([]);
});

test('when the refresh token is refused too, a hidden iframe renews the session through the redirect bridge', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await signInToOverview(page);
  const seen = watch(page);
  let refused = 0;
  await page.route(CLOUD_PCS, (route) => (refused++ === 0 ? route.fulfill(REFUSED) : route.continue()));
  // The real local Entra refuses a spoiled refresh token with its own invalid_grant answer.
  await page.route(isTokenEndpoint, (route) => {
    const request = route.request();
    if (grantType(request) !== 'refresh_token') return route.continue();
    const form = new URLSearchParams(request.postData() ?? '');
    form.set('refresh_token', 'revoked-or-expired');
    return route.continue({ postData: form.toString() });
  });

  await refresh(page);
  await expect.poll(() => seen.grants).toEqual(['refresh_token', 'authorization_code']);
  await refreshedWithoutError(page);
  // A hidden iframe asked the sign-in service without a prompt and came back to the portal's
  // `/`, where the redirect bridge handed the code to this window.
  expect(seen.authorize).toEqual([{ inMainFrame: false, url: expect.stringContaining('prompt=none') }]);
  expect(seen.frameUrls.some((url) => url.startsWith(`${origin}/#`) && url.includes('code='))).toBe(true);
  expect(seen.mainNavigations).toEqual([]);
  expect(errors.filter((error) => !/status of (400|401)/.test(error))).toEqual([]);
});

test('an API that refuses every token sends the person to sign in once, never in a loop', async ({
  page,
}) => {
  await signInToOverview(page);
  const seen = watch(page);
  await page.route(CLOUD_PCS, (route) => route.fulfill(REFUSED));

  await refresh(page);
  // One redirect to the sign-in service (it signs the person straight back in: the session
  // there is alive)…
  await expect.poll(() => seen.authorize.filter((request) => request.inMainFrame).length).toBe(1);
  // …then the refusal is shown instead of another redirect.
  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toContainText('Cloud PCs could not be loaded');
  await expect(alert).toContainText('The service did not accept your sign-in');
  await expect(alert).toContainText('Request ID: e2e-refused');
  await page.waitForTimeout(2_000);
  expect(seen.authorize).toEqual([{ inMainFrame: true, url: expect.any(String) }]);
});

for (const portal of PORTALS) {
  test(`${portal} portal serves / without COOP, so the redirect bridge can reach its opener`, async ({
    request,
  }) => {
    const response = await request.get(`${frontDoor[portal]}/`);
    expect(response.status()).toBe(200);
    expect(response.headers()['cross-origin-opener-policy']).toBeUndefined();
  });
}
