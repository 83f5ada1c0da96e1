import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { api, tokenFor } from '../support/api.ts';
import { storageStatePath } from '../support/identities.ts';
import { stackUrls } from '../support/local-cloud.ts';
import { ARTIFACTS, collectErrors, seriousViolations } from '../support/page-checks.ts';

/**
 * The end-user portal against the running local cloud: an admin assigns the Sales group
 * a policy through the API, the worker provisions Adele's Cloud PC, and Adele uses it.
 */
const { frontDoor } = stackUrls();
const SALES_GROUP = 'b7925e28-db97-5cd3-a9e4-27af3479f25a';
const VE = '/api/v1.0/deviceManagement/virtualEndpoint';

interface CloudPcRow {
  id: string;
  displayName: string;
  status: string;
  userPrincipalName: string;
}

let adeleToken = '';
let adminToken = '';
let mine: CloudPcRow;

test.describe.configure({ mode: 'serial' });
test.use({ storageState: storageStatePath('user', 'adele') });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  adminToken = await tokenFor('admin@contoso.test');
  adeleToken = await tokenFor('adele@contoso.test');
  const listMine = async () =>
    (await api<{ value: CloudPcRow[] }>(frontDoor.user, adeleToken, 'GET', '/api/v1.0/me/cloudPCs')).value;
  if (!(await listMine()).some((cloudPc) => cloudPc.status === 'provisioned')) {
    const policy = await api<{ id: string }>(
      frontDoor.admin,
      adminToken,
      'POST',
      `${VE}/provisioningPolicies`,
      {
        displayName: `E2E Sales ${Date.now().toString(36)}`,
        description: 'Created by e2e/user',
        imageId: 'microsoftwindowsdesktop_windows-ent-cpc_win11-25h2-ent-cpc-m365',
        imageType: 'gallery',
        domainJoinConfigurations: [{ domainJoinType: 'azureADJoin', regionName: 'eastus' }],
        windowsSetting: { locale: 'en-US' },
        cloudPcNamingTemplate: 'SLS-%USERNAME:4%-%RAND:5%',
        enableSingleSignOn: true,
      },
    );
    await api(frontDoor.admin, adminToken, 'POST', `${VE}/provisioningPolicies/${policy.id}/assign`, {
      assignments: [{ target: { groupId: SALES_GROUP } }],
    });
  }
  await expect
    .poll(async () => (await listMine()).find((cloudPc) => cloudPc.status === 'provisioned'), {
      timeout: 150_000,
      intervals: [1_000],
    })
    .toBeTruthy();
  const found = (await listMine()).find((cloudPc) => cloudPc.status === 'provisioned');
  if (!found) throw new Error('no provisioned Cloud PC for Adele');
  mine = found;
});

function card(page: Page, name: string) {
  return page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2, name }) });
}

async function openHome(page: Page) {
  await page.goto(frontDoor.user);
  await expect(page.getByRole('heading', { level: 1, name: 'My Cloud PCs' })).toBeVisible();
  await expect(card(page, mine.displayName)).toBeVisible();
}

test('Adele sees only her own Cloud PCs, accessible in light and dark, desktop and phone', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const everyone = (
    await api<{ value: CloudPcRow[] }>(frontDoor.admin, adminToken, 'GET', `${VE}/cloudPCs?$top=100`)
  ).value;
  const hers = everyone.filter((cloudPc) => cloudPc.userPrincipalName === 'adele@contoso.test');
  const others = everyone.filter((cloudPc) => cloudPc.userPrincipalName !== 'adele@contoso.test');
  await openHome(page);
  await expect(page.getByRole('list', { name: 'Your Cloud PCs' }).getByRole('listitem')).toHaveCount(
    hers.length,
  );
  for (const other of others) {
    await expect(page.getByRole('heading', { level: 2, name: other.displayName, exact: true })).toHaveCount(
      0,
    );
  }
  const own = card(page, mine.displayName);
  await expect(own).toContainText('Provisioned');
  await expect(own).toContainText('Regioneastus');
  for (const [size, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await expect(own.getByRole('button', { name: 'Open in browser' })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}user-home-${size}-${colorScheme}.png`, fullPage: true });
    }
  }
  // The menu too, opened from the keyboard.
  await own.getByRole('button', { name: `More actions for ${mine.displayName}` }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Restart' })).toBeFocused();
  // No user setting lets Adele restore in this run: the menu does not offer it.
  await expect(page.getByRole('menuitem', { name: 'Troubleshoot' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Restore' })).toHaveCount(0);
  // Fluent's focus sentinels (<i data-tabster-dummy tabindex=0 aria-hidden>) keep Tab inside the
  // open menu; axe reads them as hidden focusable content. Everything else is checked.
  const menuResults = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .exclude('[data-tabster-dummy]')
    .analyze();
  expect(
    menuResults.violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    ),
  ).toEqual([]);
  await page.screenshot({ path: `${ARTIFACTS}user-home-menu-phone-dark.png` });
  await page.keyboard.press('Escape');
  expect(errors).toEqual([]);
});

test('restarts after confirming, and the status returns by itself', async ({ page }) => {
  const errors = collectErrors(page);
  await openHome(page);
  const own = card(page, mine.displayName);
  await own.getByRole('button', { name: `More actions for ${mine.displayName}` }).click();
  await page.getByRole('menuitem', { name: 'Restart' }).click();
  const dialog = page.getByRole('dialog', { name: `Restart ${mine.displayName}?` });
  await expect(dialog).toContainText('Anything you have not saved on the Cloud PC is lost');
  await dialog.getByRole('button', { name: 'Restart' }).click();
  await expect(own.getByText('Restarting… this page updates by itself.')).toBeVisible();
  // No reload: the list polls while the restart runs, and stops when it is done.
  await expect(own.getByText('Restarting…')).toHaveCount(0, { timeout: 60_000 });
  await expect(own.getByRole('button', { name: 'Open in browser' })).toBeEnabled();
  expect(errors).toEqual([]);
});

test('renames it', async ({ page }) => {
  const errors = collectErrors(page);
  await openHome(page);
  const own = card(page, mine.displayName);
  const newName = `Adele's PC ${Date.now().toString(36).slice(-4)}`;
  await own.getByRole('button', { name: `More actions for ${mine.displayName}` }).click();
  await page.getByRole('menuitem', { name: 'Rename' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rename Cloud PC' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(newName);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 2, name: newName })).toBeVisible({ timeout: 60_000 });
  mine = { ...mine, displayName: newName };
  expect(errors).toEqual([]);
});

test('opens it in the browser with a ticket that works once and not altered', async ({ page, context }) => {
  const errors = collectErrors(page);
  await openHome(page);
  const own = card(page, mine.displayName);
  const launched = context.waitForEvent('request', (request) => request.url().includes('/session?ticket='));
  const popup = context.waitForEvent('page');
  const clicked = Date.now();
  await own.getByRole('button', { name: 'Open in browser' }).click();
  const session = await popup;
  const sessionErrors = collectErrors(session);
  const launchUrl = (await launched).url();
  // A real desktop (e2e/desktop.spec.ts looks inside it) or, on simulated compute, the honest note.
  await expect(session.getByRole('region', { name: 'Remote desktop' })).toBeVisible();
  const loadedMs = Date.now() - clicked;
  test
    .info()
    .annotations.push({ type: 'launch click → session connected (ms)', description: String(loadedMs) });
  console.log(`launch click -> session connected: ${loadedMs} ms`);
  await expect(session.getByRole('heading', { level: 1, name: mine.displayName })).toBeVisible();
  expect(new URL(session.url()).search).toBe('');
  for (const colorScheme of ['light', 'dark'] as const) {
    await session.emulateMedia({ colorScheme });
    expect(await seriousViolations(session)).toEqual([]);
    await session.screenshot({ path: `${ARTIFACTS}user-session-${colorScheme}.png`, fullPage: true });
  }
  expect(sessionErrors).toEqual([]);

  const replay = await context.newPage();
  await replay.goto(launchUrl);
  await expect(
    replay.getByRole('heading', { level: 1, name: 'This launch link was already used' }),
  ).toBeVisible();
  await replay.screenshot({ path: `${ARTIFACTS}user-session-replayed-light.png` });
  expect(await seriousViolations(replay)).toEqual([]);

  const ticket = new URL(launchUrl).searchParams.get('ticket') ?? '';
  const altered = `${ticket.slice(0, 10)}${ticket[10] === 'A' ? 'B' : 'A'}${ticket.slice(11)}`;
  await replay.goto(`${frontDoor.user}/session?ticket=${encodeURIComponent(altered)}`);
  await expect(replay.getByRole('main').getByRole('alert')).toContainText('This launch link is not valid');
  expect(errors).toEqual([]);
});

test('downloads a well-formed .rdp file', async ({ page }) => {
  const errors = collectErrors(page);
  await openHome(page);
  const own = card(page, mine.displayName);
  await own.getByRole('button', { name: `More actions for ${mine.displayName}` }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Download .rdp' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.rdp$/);
  const path = await file.path();
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\r\n').filter(Boolean);
  for (const line of lines) expect(line).toMatch(/^[a-z ]+:[is]:.*$/);
  const fields = new Map(lines.map((line) => [line.split(':')[0], line.slice(line.indexOf(':') + 3)]));
  expect(fields.get('full address')).toMatch(/^SLS-|^CPC-|\S+/);
  expect(fields.get('gatewayhostname')).toBe(new URL(frontDoor.user).host);
  expect(fields.get('gatewayaccesstoken')).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  expect(errors).toEqual([]);
});
