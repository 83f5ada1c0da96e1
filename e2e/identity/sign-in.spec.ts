import { expect, type Page, test } from '@playwright/test';
import { PEOPLE, signIn } from '../support/identities.ts';
import { stackUrls } from '../support/local-cloud.ts';
import { collectErrors } from '../support/page-checks.ts';

const { frontDoor, regions, entra } = stackUrls();

/** MSAL's localStorage entries (values are encrypted; the keys say what they are). */
async function msalCacheKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('msal.')));
}

/** Signs out from the header and checks the person is signed out here and at the identity provider. */
async function signOutForGood(page: Page, origin: string) {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  const signInButton = page.getByRole('main').getByRole('button', { name: 'Sign in' });
  await expect(signInButton).toBeVisible();
  // Back on the portal's landing, with nothing of the logout response left in the address bar.
  await expect.poll(() => page.url()).toBe(`${origin}/`);
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
  const cookies = (await page.context().cookies()).map((cookie) => cookie.name);
  expect(cookies.filter((name) => name.endsWith('-signed-in'))).toEqual([]);

  // A reload stays signed out: MSAL starts, finds no account, and the landing stays.
  await page.reload();
  await page.waitForLoadState('networkidle');
  await expect(signInButton).toBeVisible();
  await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
  // No account, ID, access or refresh token left in MSAL's cache (entries are `msal.<v>|…`).
  expect((await msalCacheKeys(page)).filter((key) => key.includes('|'))).toEqual([]);

  // Signed out at the identity provider too: signing in asks for the password again.
  await signInButton.click();
  await expect(page.getByLabel('Password')).toBeVisible();
  expect(page.url().startsWith(entra)).toBe(true);
}

test('an admin signs in to the admin center through the sign-in page, sees their name, and signs out', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  const timing = await signIn(page, frontDoor.admin, 'admin');
  testInfo.annotations.push({
    type: 'sign-in round trip',
    description: `${timing.afterPasswordMs} ms from the password to the name in the header (${timing.wholeMs} ms with typing)`,
  });

  const header = page.getByRole('banner');
  await expect(header).toContainText(PEOPLE.admin.name);
  await expect(header).toContainText('contoso.test · Cloud PC administrator');
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(page).toHaveTitle('Overview · Cloud PC admin center');
  // The authorization response never stays in the address bar.
  expect(page.url()).toBe(`${frontDoor.admin}/`);
  expect((await msalCacheKeys(page)).filter((key) => key.includes('|refreshtoken|'))).toHaveLength(1);

  // A reload keeps the session (MSAL's localStorage cache) and shows no landing in between.
  await page.reload();
  await expect(page.getByRole('main').getByRole('button', { name: 'Sign in' })).toHaveCount(0);
  await expect(header).toContainText(PEOPLE.admin.name);

  await signOutForGood(page, frontDoor.admin);
  expect(errors).toEqual([]);
});

test('an end user signs in to the user portal in a region, sees their name and Cloud PCs, and signs out', async ({
  page,
}, testInfo) => {
  const errors = collectErrors(page);
  // A regional portal on a port nobody registered: local Entra, like Entra, ignores localhost ports.
  const origin = regions.westus.user;
  const timing = await signIn(page, origin, 'adele');
  testInfo.annotations.push({
    type: 'sign-in round trip',
    description: `${timing.afterPasswordMs} ms from the password to the name in the header (${timing.wholeMs} ms with typing)`,
  });

  const header = page.getByRole('banner');
  await expect(header).toContainText(PEOPLE.adele.name);
  await expect(header).toContainText('contoso.test');
  await expect(page.getByRole('heading', { level: 1, name: 'My Cloud PCs' })).toBeVisible();
  // The API round trip: her Cloud PCs, or none yet (other specs of the run may assign her one).
  const main = page.getByRole('main');
  await expect(
    main
      .getByRole('heading', { name: "Your admin hasn't assigned you a Cloud PC yet" })
      .or(main.getByRole('list', { name: 'Your Cloud PCs' })),
  ).toBeVisible();
  await expect(main.getByRole('alert')).toHaveCount(0);
  await expect(page).toHaveTitle('My Cloud PCs · Cloud PC');

  await signOutForGood(page, origin);
  expect(errors).toEqual([]);
});
