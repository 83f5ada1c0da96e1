import { expect, test } from '@playwright/test';
import { storageStatePath } from '../support/identities.ts';
import { stackUrls } from '../support/local-cloud.ts';
import { ARTIFACTS, collectErrors, seriousViolations } from '../support/page-checks.ts';

const admin = stackUrls().frontDoor.admin;

test.describe('guards against losing work and trusting old data', () => {
  test.use({ storageState: storageStatePath('admin', 'admin') });

  test('leaving a policy with changes through the header asks first; staying keeps the changes', async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await page.goto(`${admin}/policies/new`);
    await expect(page.getByRole('heading', { level: 1, name: 'Create provisioning policy' })).toBeVisible();
    const name = page.getByRole('textbox', { name: 'Name' });
    await name.fill('Unsaved policy');

    const sections = page.getByRole('navigation', { name: 'Admin center sections' });
    await sections.getByRole('link', { name: 'Cloud PCs' }).click();
    const prompt = page.getByRole('alertdialog', { name: 'Leave without saving?' });
    await expect(prompt).toBeVisible();
    await prompt.getByRole('button', { name: 'Keep editing' }).click();
    await expect(prompt).toHaveCount(0);
    await expect(page).toHaveURL(`${admin}/policies/new`);
    await expect(name).toHaveValue('Unsaved policy');

    await sections.getByRole('link', { name: 'Audit log' }).click();
    await page
      .getByRole('alertdialog', { name: 'Leave without saving?' })
      .getByRole('button', { name: 'Leave' })
      .click();
    await expect(page).toHaveURL(`${admin}/audit`);
    await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('a failing refresh shows a stale banner with the time of the data and a retry that recovers', async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await page.goto(`${admin}/cloud-pcs`);
    await expect(page.getByRole('heading', { level: 1, name: 'All Cloud PCs' })).toBeVisible();
    await expect(page.getByRole('main').getByRole('status')).toHaveCount(0, { timeout: 30_000 });

    // The API becomes unreachable: the next refresh fails (after its retries).
    const list = '**/api/v1.0/deviceManagement/virtualEndpoint/cloudPCs?*';
    await page.route(list, (route) => route.abort('connectionrefused'));
    await page.getByRole('main').getByRole('button', { name: 'Refresh' }).click();
    const banner = page.getByText('This page could not be refreshed');
    await expect(banner).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('main')).toContainText('It shows what the service said');
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await seriousViolations(page), `stale banner in ${colorScheme}`).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}admin-stale-banner-${colorScheme}.png`, fullPage: true });
    }
    await page.emulateMedia({ colorScheme: 'light' });

    await page.unroute(list);
    // The data stays on the page under the banner; the banner's own button retries.
    await expect(
      page
        .getByRole('table', { name: 'Cloud PCs' })
        .or(page.getByRole('heading', { name: 'No Cloud PCs yet' })),
    ).toBeVisible();
    await page
      .getByRole('group', { name: /This page could not be refreshed/ })
      .getByRole('button', { name: 'Try again' })
      .click();
    await expect(banner).toHaveCount(0, { timeout: 20_000 });
    // The failed fetches are the browser's own console errors about the aborted requests.
    expect(errors.filter((error) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(error))).toEqual(
      [],
    );
  });

  for (const [path, heading, api] of [
    [
      '/policies',
      'Provisioning policies',
      '**/api/v1.0/deviceManagement/virtualEndpoint/provisioningPolicies?*',
    ],
    ['/audit', 'Audit log', '**/api/v1.0/deviceManagement/virtualEndpoint/auditEvents?*'],
  ] as const) {
    test(`${heading}: a failing refresh keeps the list and says so`, async ({ page }) => {
      await page.goto(`${admin}${path}`);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(page.getByRole('main').locator('[role="status"][aria-busy="true"]')).toHaveCount(0, {
        timeout: 30_000,
      });
      await page.route(api, (route) => route.abort('connectionrefused'));
      await page.getByRole('main').getByRole('button', { name: 'Refresh', exact: true }).click();
      await expect(page.getByText('This page could not be refreshed')).toBeVisible({ timeout: 20_000 });
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await page.unroute(api);
    });
  }
});
