import { expect, type Page, test } from '@playwright/test';
import { storageStatePath } from '../support/identities.ts';
import { stackUrls } from '../support/local-cloud.ts';
import { ARTIFACTS, collectErrors, seriousViolations } from '../support/page-checks.ts';

const admin = stackUrls().frontDoor.admin;
const POLICY = `Sales desks ${Date.now().toString(36)}`;

/** axe and a screenshot of the page as it is, in both colour schemes. */
async function checkPage(page: Page, name: string) {
  // While a toast shows, Fluent's Toaster adds Tabster focus sentinels that axe reports
  // (aria-hidden-focus); judge the page at rest, after the toasts close.
  await expect(page.locator('.fui-Toast')).toHaveCount(0, { timeout: 20_000 });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousViolations(page), `${name} in ${colorScheme}`).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}admin-${name}-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The grid's row of this user's Cloud PC from the policy of this run. */
const rowOf = (page: Page, user: string) =>
  page
    .getByRole('table', { name: 'Cloud PCs' })
    .getByRole('row')
    .filter({ hasText: user })
    .filter({ hasText: POLICY });

test.describe
  .serial('admin workflow', () => {
    test.use({ storageState: storageStatePath('admin', 'admin') });

    test('an admin creates a policy through the wizard and assigns the Sales group', async ({ page }) => {
      const errors = collectErrors(page);
      await page.goto(`${admin}/policies`);
      await expect(page.getByRole('heading', { level: 1, name: 'Provisioning policies' })).toBeVisible();
      await expect(page.getByRole('main').getByRole('status')).toHaveCount(0);
      await checkPage(page, 'policies');

      await page.getByRole('link', { name: 'Create policy' }).first().click();
      await expect(page.getByRole('heading', { level: 1, name: 'Create provisioning policy' })).toBeVisible();
      // Next without a name stays on General... after Review lists the problem; fill in order instead.
      await page.getByRole('textbox', { name: 'Name' }).fill(POLICY);
      await page.getByRole('textbox', { name: 'Description' }).fill('Cloud PCs for the sales team');
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await expect(page.getByRole('heading', { level: 2, name: 'Network' })).toBeVisible();
      const region = page.getByRole('combobox', { name: 'Region' });
      await expect(region.locator('option')).not.toHaveCount(1);
      await region.selectOption({ index: 1 });
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await expect(page.getByRole('heading', { level: 2, name: 'Image' })).toBeVisible();
      await page.getByRole('radio').first().check();
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await expect(page.getByRole('heading', { level: 2, name: 'Configuration' })).toBeVisible();
      const template = page.getByRole('textbox', { name: /Device name template/ });
      await template.fill('CPC-%RAND:2%');
      await expect(page.getByText('No preview until the template is valid.')).toBeVisible();
      await template.fill('SLS-%USERNAME:4%-%RAND:5%');
      await expect(page.getByText(/Example for adele@contoso.test: SLS-ADEL-/)).toBeVisible();
      await checkPage(page, 'policy-wizard');
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      // The group picker searches the directory (GET /groups?$search= → Graph) as you type.
      const groups = page.getByRole('combobox', { name: /Groups/ });
      // Audited before the picker opens: its popover leaves Tabster focus sentinels that axe
      // reports (aria-hidden-focus), the known gap noted for dialogs below.
      await checkPage(page, 'policy-wizard-assignments');
      await groups.click();
      await groups.pressSequentially('sal', { delay: 50 });
      await page.getByRole('option', { name: /^Sales/ }).click();
      await expect(page.getByRole('listbox', { name: 'Selected groups' })).toContainText('Sales');
      await page.keyboard.press('Escape');
      await page.screenshot({ path: `${ARTIFACTS}admin-policy-wizard-assignments-picked-light.png` });
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await expect(page.getByRole('heading', { level: 2, name: 'Review + create' })).toBeVisible();
      await expect(page.getByRole('main')).toContainText('GroupsSales');
      await page.getByRole('button', { name: 'Create', exact: true }).click();

      await expect(page.getByText(`Provisioning policy “${POLICY}” created`).first()).toBeVisible({
        timeout: 20_000,
      });
      await expect(page).toHaveURL(`${admin}/policies`);
      await expect(page.getByRole('row').filter({ hasText: POLICY })).toContainText('Assigned to 1 group');
      expect(errors).toEqual([]);
    });

    test('both Sales Cloud PCs reach Provisioned in the grid', async ({ page }) => {
      test.setTimeout(150_000);
      const errors = collectErrors(page);
      await page.goto(`${admin}/cloud-pcs`);
      await expect(page.getByRole('heading', { level: 1, name: 'All Cloud PCs' })).toBeVisible();
      // The Cloud PCs appear once the assignment is processed; the grid then polls by itself.
      await expect(async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        await expect(rowOf(page, 'adele@contoso.test')).toHaveCount(1, { timeout: 2_000 });
        await expect(rowOf(page, 'alex@contoso.test')).toHaveCount(1, { timeout: 2_000 });
      }).toPass({ timeout: 60_000 });
      for (const user of ['adele@contoso.test', 'alex@contoso.test']) {
        await expect(rowOf(page, user)).toContainText('Provisioned', { timeout: 90_000 });
      }
      await checkPage(page, 'cloud-pcs');
      expect(errors).toEqual([]);
    });

    test('an admin restarts and renames a Cloud PC from its page, and sees both in the audit log', async ({
      page,
    }) => {
      test.setTimeout(120_000);
      const errors = collectErrors(page);
      await page.goto(`${admin}/cloud-pcs`);
      await rowOf(page, 'adele@contoso.test').getByRole('link').click();
      await expect(page.getByRole('heading', { level: 2, name: 'Properties' })).toBeVisible();
      await expect(page.getByRole('main').getByRole('status')).toHaveCount(0);

      await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Restart' }).click();
      const confirm = page.getByRole('alertdialog');
      await expect(confirm).toContainText('Signed-in users are disconnected');
      await confirm.getByRole('button', { name: 'Restart' }).click();
      await expect(page.getByText(/Restart started on/).first()).toBeVisible();
      await expect(page.getByRole('main')).toContainText('reboot: Done', { timeout: 60_000 });

      const rename = page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Rename' });
      await expect(rename).not.toHaveAttribute('aria-disabled', 'true');
      await rename.click();
      await page.getByRole('textbox', { name: /New display name/ }).fill('Adele sales desk');
      await page.getByRole('dialog').getByRole('button', { name: 'Rename' }).click();
      await expect(page.getByText(/Rename started on/).first()).toBeVisible();
      await expect(page.getByRole('heading', { level: 1, name: 'Adele sales desk' })).toBeVisible({
        timeout: 60_000,
      });
      // The status timeline and the remote action history show both actions with their outcome.
      const timeline = page.getByRole('list', { name: 'Status timeline' });
      await expect(timeline.getByRole('listitem').filter({ hasText: 'Rename' }).first()).toContainText(
        'Succeeded',
        { timeout: 30_000 },
      );
      await expect(timeline.getByRole('listitem').filter({ hasText: 'Restart' }).first()).toContainText(
        'Succeeded',
      );
      await expect(timeline.getByRole('listitem').filter({ hasText: 'Provisioning' }).first()).toContainText(
        'Succeeded',
      );
      const history = page.getByRole('table', { name: 'Remote action history' });
      await expect(history.getByRole('row').filter({ hasText: 'Restart' })).toContainText(
        'admin@contoso.test',
      );
      await expect(history.getByRole('row').filter({ hasText: 'Rename' })).toHaveCount(1);
      await expect(page.getByRole('main').getByRole('status')).toHaveCount(0, { timeout: 30_000 });
      // Known gap: after a Fluent dialog has been open, Tabster leaves focus sentinels in <body>
      // that axe reports (aria-hidden-focus); audit the page as it loads.
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: 'Adele sales desk' })).toBeVisible();
      await expect(page.getByRole('main').getByRole('status')).toHaveCount(0, { timeout: 30_000 });
      await checkPage(page, 'cloud-pc-detail');

      await page.getByRole('link', { name: 'Audit log' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
      const events = page.getByRole('table', { name: 'Audit events' });
      for (const activity of [
        'Create provisioningPolicy',
        'Assign provisioningPolicy',
        'Reboot cloudPC',
        'Rename cloudPC',
      ]) {
        await expect(events.getByRole('row').filter({ hasText: activity }).first()).toBeVisible();
      }
      const created = events
        .getByRole('row')
        .filter({ hasText: 'Create provisioningPolicy' })
        .filter({ hasText: POLICY });
      await created.getByRole('button', { name: /Show/ }).click();
      await expect(
        page.getByRole('table', { name: 'Changes of Create provisioningPolicy' }).first(),
      ).toBeVisible();
      await checkPage(page, 'audit');
      expect(errors).toEqual([]);
    });

    test('the overview counts Cloud PCs by status with a chart, and links what needs attention', async ({
      page,
    }) => {
      const errors = collectErrors(page);
      await page.goto(admin);
      await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
      const byStatus = page.getByRole('region', { name: 'Cloud PCs by status' });
      await expect(
        byStatus.getByRole('img', { name: /^Bar chart of Cloud PCs by status\. .*Provisioned: \d+/ }),
      ).toBeVisible();
      await expect(byStatus.getByRole('list', { name: 'Cloud PCs by status' })).toContainText('Provisioned');
      for (const section of ['Provisioning in progress', 'Grace periods ending soon', 'Recent failures']) {
        await expect(page.getByRole('region', { name: section })).toBeVisible();
      }
      await expect(page.getByRole('main').getByRole('status')).toHaveCount(0, { timeout: 30_000 });
      await checkPage(page, 'overview-report');
      expect(errors).toEqual([]);
    });

    test('the grid finds Cloud PCs by free text and by policy, on the server', async ({ page }) => {
      const errors = collectErrors(page);
      await page.goto(`${admin}/cloud-pcs`);
      await expect(page.getByRole('heading', { level: 1, name: 'All Cloud PCs' })).toBeVisible();
      await page.getByRole('combobox', { name: 'Policy' }).selectOption({ label: POLICY });
      const table = page.getByRole('table', { name: 'Cloud PCs' });
      await expect(table.getByRole('row')).toHaveCount(3); // header + Adele's + Alex's
      await page.getByRole('searchbox', { name: 'Search' }).fill('adele sales');
      await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
      await expect(table.getByRole('row')).toHaveCount(2);
      await expect(table).toContainText('Adele sales desk');
      await checkPage(page, 'cloud-pcs-search');
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('');
      expect(errors).toEqual([]);
    });
  });

test.describe('user settings', () => {
  test.use({ storageState: storageStatePath('admin', 'admin') });

  test('an admin creates a user setting assigned to Engineering', async ({ page }) => {
    const errors = collectErrors(page);
    const name = `Engineering restore ${Date.now().toString(36)}`;
    await page.goto(`${admin}/user-settings`);
    await expect(page.getByRole('heading', { level: 1, name: 'User settings' })).toBeVisible();
    await page.getByRole('button', { name: 'Create user setting' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await dialog.getByRole('switch', { name: 'Users may restore their Cloud PC' }).check();
    // The user spec checks that nothing lets Adele (Sales) restore in this run, so the user
    // setting created here goes to Engineering.
    const groups = dialog.getByRole('combobox', { name: /Assigned groups/ });
    await groups.click();
    await groups.pressSequentially('eng', { delay: 50 });
    await page.getByRole('option', { name: /^Engineering/ }).click();
    await expect(dialog.getByRole('listbox', { name: 'Selected groups' })).toContainText('Engineering');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(page.getByText(`User setting “${name}” saved`).first()).toBeVisible();
    const row = page.getByRole('table', { name: 'User settings' }).getByRole('row').filter({ hasText: name });
    await expect(row).toContainText('1 group(s)');
    // The same Tabster sentinels as on the detail page stay after the dialog: audit as loaded.
    await page.reload();
    await expect(row).toContainText('1 group(s)');
    await checkPage(page, 'user-settings');
    expect(errors).toEqual([]);
  });
});

test.describe('support staff', () => {
  test.use({ storageState: storageStatePath('admin', 'support') });

  test('support finds no write action, only troubleshoot', async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(`${admin}/cloud-pcs`);
    await expect(page.getByRole('heading', { level: 1, name: 'All Cloud PCs' })).toBeVisible();
    await expect(page.getByRole('main').getByRole('status')).toHaveCount(0, { timeout: 30_000 });
    const main = page.getByRole('main');
    for (const name of ['Restart', 'Reprovision', 'Resize', 'Rename', 'Restore']) {
      await expect(main.getByRole('button', { name })).toHaveCount(0);
    }
    await checkPage(page, 'cloud-pcs-support');

    await page.goto(`${admin}/policies`);
    await expect(page.getByRole('heading', { level: 1, name: 'Provisioning policies' })).toBeVisible();
    await expect(page.getByRole('main').getByRole('status')).toHaveCount(0, { timeout: 30_000 });
    await expect(main.getByRole('link', { name: 'Create policy' })).toHaveCount(0);
    await expect(main.getByRole('table').getByRole('link')).toHaveCount(0);

    await page.goto(`${admin}/policies/new`);
    await expect(page.getByRole('heading', { level: 1, name: 'Administrators only' })).toBeVisible();
    expect(errors).toEqual([]);
  });
});
