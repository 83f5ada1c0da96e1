import { expect, type Page, test } from '@playwright/test';
import { PEOPLE, storageStatePath } from '../support/identities.ts';
import { stackUrls } from '../support/local-cloud.ts';
import { collectErrors, loadingStates } from '../support/page-checks.ts';

const { frontDoor } = stackUrls();

/**
 * Controls that change something: named by a write verb ("Create policy", "Reboot", but not
 * "Show changes of Create provisioningPolicy"), or links to a create or edit page.
 */
const WRITE_ACTION =
  /^(create|new|add|edit|delete|remove|assign|unassign|rename|resize|reprovision|restore|restart|reboot|power|end grace|save)\b/i;
const WRITE_PAGE = /\/(new|edit)(\/|$)/;

/** The write actions offered in the page's main content and navigation. */
async function writeActionsOnPage(page: Page): Promise<string[]> {
  const controls = await page.locator('main, nav').locator('button, a').all();
  const found: string[] = [];
  for (const control of controls) {
    const name = ((await control.getAttribute('aria-label')) ?? (await control.textContent()) ?? '').trim();
    const href = (await control.getAttribute('href')) ?? '';
    if (WRITE_ACTION.test(name) || WRITE_PAGE.test(href)) found.push(href ? `${name} (${href})` : name);
  }
  return found;
}

/** The text of every button and link in the page's main content and navigation. */
async function actionsOnPage(page: Page): Promise<string[]> {
  const texts = await page.locator('main, nav').locator('button, a').allTextContents();
  return texts.map((text) => text.trim());
}

/** Waits until the overview has loaded its data (no loading state left). */
async function overviewLoaded(page: Page) {
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(loadingStates(page)).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Provisioning policies' })).toContainText(/polic/);
}

test.describe('an administrator', () => {
  test.use({ storageState: storageStatePath('admin', 'admin') });

  test('sees the overview with write actions, and creates a provisioning policy', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(frontDoor.admin);
    await expect(page.getByRole('banner')).toContainText(
      `${PEOPLE.admin.name}contoso.test · Cloud PC administrator`,
    );
    await expect(
      page.getByRole('navigation', { name: 'Admin center sections' }).getByRole('link', { name: 'Overview' }),
    ).toHaveAttribute('aria-current', 'page');
    await overviewLoaded(page);

    // The same detector that finds none for support staff finds the administrator's.
    expect(await writeActionsOnPage(page)).toContain('Create provisioning policy');

    const name = `E2E policy ${Date.now()}`;
    await page.getByRole('button', { name: 'Create provisioning policy' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create provisioning policy' });
    await dialog.getByLabel('Name').fill(name);
    await expect(dialog.getByLabel('Image')).not.toHaveValue('');
    await dialog.getByLabel('Region').selectOption('westus');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByText(`Provisioning policy “${name}” created.`)).toBeVisible();
    // The mutation invalidated the policies query: the count now includes the new one.
    await expect(page.getByRole('region', { name: 'Provisioning policies' })).toContainText(
      /[1-9]\d* provisioning polic/,
    );
    expect(errors).toEqual([]);
  });
});

test.describe('a support person', () => {
  test.use({ storageState: storageStatePath('admin', 'support') });

  test('sees the read-only pages and no write action anywhere', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(frontDoor.admin);
    await expect(page.getByRole('banner')).toContainText(
      `${PEOPLE.support.name}contoso.test · Support (read-only)`,
    );
    await overviewLoaded(page);

    const sections = page.getByRole('navigation', { name: 'Admin center sections' }).getByRole('link');
    const hrefs = await Promise.all((await sections.all()).map((link) => link.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) {
      await page.goto(`${frontDoor.admin}${href}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(loadingStates(page)).toHaveCount(0);
      expect(await writeActionsOnPage(page), `write actions on ${href}`).toEqual([]);
    }
    await expect(page.getByRole('button', { name: 'Create provisioning policy' })).toHaveCount(0);
    expect(errors).toEqual([]);
  });
});

test.describe('someone without an admin role', () => {
  test.use({ storageState: storageStatePath('admin', 'adele') });

  test('is told they need an admin role, which roles exist, and can sign out', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(frontDoor.admin);
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { level: 1, name: 'You need an admin role' })).toBeVisible();
    await expect(page).toHaveTitle('Admin role needed · Cloud PC admin center');
    await expect(main).toContainText(`${PEOPLE.adele.name} (${PEOPLE.adele.username})`);
    await expect(main).toContainText('CloudPC.Admin');
    await expect(main).toContainText('CloudPC.Support');
    await expect(main).toContainText('Ask your IT admin');
    await expect(page.getByRole('banner')).toContainText('No admin role');
    // No sections to go to, and no data was asked of the API on their behalf.
    await expect(page.getByRole('navigation', { name: 'Admin center sections' })).toHaveCount(0);
    expect(await actionsOnPage(page)).toEqual(['Sign out']);

    await main.getByRole('button', { name: 'Sign out' }).click();
    await expect(main.getByRole('button', { name: 'Sign in' })).toBeVisible();
    expect(errors).toEqual([]);
  });
});
