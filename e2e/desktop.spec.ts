import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { createLocalDesktopCompute } from '../packages/backend/src/compute/local-desktop-compute.ts';
import { api, CONTOSO, tokenFor } from './support/api.ts';
import { devPassword, storageStatePath } from './support/identities.ts';
import { stackUrls } from './support/local-cloud.ts';
import { ARTIFACTS, collectErrors } from './support/page-checks.ts';

/**
 * A real desktop in the browser: Alex's Cloud PC is an Xvnc session on this machine
 * (the e2e stack runs the local-desktop provider), reached through the front door's
 * gateway endpoint and shown by noVNC. What he types lands in his Cloud PC's terminal,
 * read back from its disk through the provider. Alex, not Adele: other specs restart and
 * rename Adele's Cloud PC while this one runs.
 */
const { frontDoor } = stackUrls();
const SALES_GROUP = 'b7925e28-db97-5cd3-a9e4-27af3479f25a';
const VE = '/api/v1.0/deviceManagement/virtualEndpoint';
const dataDir = process.env.CLOUDPC_E2E_DATA_DIR ?? '';
const desktops = createLocalDesktopCompute({ dataDir });

interface CloudPcRow {
  id: string;
  displayName: string;
  status: string;
}

/** Distinct colours in a grid of samples over the noVNC canvas: a black or blank screen has one. */
async function desktopColours(page: Page): Promise<number> {
  return page
    .getByRole('region', { name: 'Remote desktop' })
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement) => {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0) return 0;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      const colours = new Set<number>();
      const step = Math.max(1, Math.floor(canvas.width / 64));
      for (let y = 0; y < canvas.height; y += step) {
        for (let x = 0; x < canvas.width; x += step) {
          const i = (y * canvas.width + x) * 4;
          colours.add(((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0));
        }
      }
      return colours.size;
    });
}

let alexToken = '';
let mine: CloudPcRow;

/** Alex signed in to the user portal through the real sign-in page, in a context of his own. */
async function asAlex(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  // Empty state: contexts made in a test inherit the file's storageState (Adele's) otherwise.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(frontDoor.user);
  await expect(async () => {
    if (new URL(page.url()).origin === new URL(frontDoor.user).origin) {
      await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
    }
    await expect(page.getByLabel('Username')).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByLabel('Username').fill('alex@contoso.test');
  await page.getByLabel('Password').fill(devPassword());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My Cloud PCs' })).toBeVisible({
    timeout: 30_000,
  });
  return { context, page };
}

/** Opens Alex's Cloud PC from its card; resolves with the session tab and the launch URL. */
async function openMine(context: BrowserContext, page: Page) {
  const own = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { level: 2, name: mine.displayName }) });
  await expect(own).toBeVisible();
  const launched = context.waitForEvent('request', (request) => request.url().includes('/session?ticket='));
  const popup = context.waitForEvent('page');
  const clicked = Date.now();
  await own.getByRole('button', { name: 'Open in browser' }).click();
  const session = await popup;
  return { session, clicked, launchUrl: (await launched).url() };
}

test.describe.configure({ mode: 'serial' });
test.use({ storageState: storageStatePath('user', 'adele') });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  expect(dataDir, 'global setup names the stack data dir').not.toBe('');
  alexToken = await tokenFor('alex@contoso.test');
  const listMine = async () =>
    (await api<{ value: CloudPcRow[] }>(frontDoor.user, alexToken, 'GET', '/api/v1.0/me/cloudPCs')).value;
  if (!(await listMine()).some((cloudPc) => cloudPc.status === 'provisioned')) {
    const adminToken = await tokenFor('admin@contoso.test');
    const policy = await api<{ id: string }>(
      frontDoor.admin,
      adminToken,
      'POST',
      `${VE}/provisioningPolicies`,
      {
        displayName: `E2E desktop ${Date.now().toString(36)}`,
        description: 'Created by e2e/desktop',
        imageId: 'microsoftwindowsdesktop_windows-ent-cpc_win11-25h2-ent-cpc-m365',
        imageType: 'gallery',
        domainJoinConfigurations: [{ domainJoinType: 'azureADJoin', regionName: 'eastus' }],
        windowsSetting: { locale: 'en-US' },
        cloudPcNamingTemplate: 'DSK-%USERNAME:4%-%RAND:5%',
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
  if (!found) throw new Error('no provisioned Cloud PC for Alex');
  mine = found;
  // The worker provisioned a real desktop for it.
  await expect.poll(async () => (await desktops.connectionEndpoint({ machineId: mine.id })).kind).toBe('vnc');
});

test('Alex opens his Cloud PC: the desktop shows and his typing reaches its terminal', async ({
  browser,
}) => {
  const { context, page } = await asAlex(browser);
  const errors = collectErrors(page);
  const { session, clicked, launchUrl } = await openMine(context, page);
  const sessionErrors = collectErrors(session);

  const desktop = session.getByRole('region', { name: 'Remote desktop' });
  await expect(desktop).toHaveAttribute('data-desktop-state', 'connected', { timeout: 30_000 });
  await expect.poll(() => desktopColours(session), { timeout: 30_000 }).toBeGreaterThan(2);
  const firstFrameMs = Date.now() - clicked;
  test
    .info()
    .annotations.push({ type: 'launch click → first desktop frame (ms)', description: String(firstFrameMs) });
  console.log(`launch click -> first desktop frame: ${firstFrameMs} ms`);
  await expect(session.getByRole('heading', { level: 1, name: mine.displayName })).toBeVisible();
  expect(new URL(session.url()).search).toBe('');
  await session.screenshot({ path: `${ARTIFACTS}desktop-session.png` });

  // Click into the terminal window (top left of the screen), then type a command into it.
  const box = await desktop.locator('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  await session.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.2);
  const marker = `typed-${Date.now().toString(36)}`;
  await session.keyboard.type(`echo ${marker} > ~/typed.txt`, { delay: 15 });
  await session.keyboard.press('Enter');
  await expect
    .poll(() => desktops.readHomeFile(mine.id, 'typed.txt'), { timeout: 15_000 })
    .toBe(`${marker}\n`);
  await session.screenshot({ path: `${ARTIFACTS}desktop-session-typed.png` });

  // The toolbar: disconnect ends the session view (the Cloud PC keeps running).
  await session.getByRole('button', { name: 'Disconnect' }).click();
  await expect(
    session.getByRole('heading', { level: 1, name: `Disconnected from ${mine.displayName}` }),
  ).toBeVisible();
  expect((await desktops.connectionEndpoint({ machineId: mine.id })).kind).toBe('vnc');

  // The same launch link again: refused, no desktop.
  const replay = await context.newPage();
  await replay.goto(launchUrl);
  await expect(
    replay.getByRole('heading', { level: 1, name: 'This launch link was already used' }),
  ).toBeVisible();
  await expect(replay.getByRole('region', { name: 'Remote desktop' })).toHaveCount(0);
  expect(sessionErrors).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('text sent from the clipboard panel is pasted into the Cloud PC', async ({ browser }) => {
  const { context, page } = await asAlex(browser);
  const { session } = await openMine(context, page);
  const sessionErrors = collectErrors(session);
  const desktop = session.getByRole('region', { name: 'Remote desktop' });
  await expect(desktop).toHaveAttribute('data-desktop-state', 'connected', { timeout: 30_000 });
  await expect.poll(() => desktopColours(session), { timeout: 30_000 }).toBeGreaterThan(2);

  const marker = `clip-${Date.now().toString(36)}`;
  await session.getByRole('button', { name: 'Clipboard' }).click();
  await session.getByRole('textbox', { name: 'Clipboard text' }).fill(marker);
  await session.getByRole('button', { name: 'Send to Cloud PC' }).click();
  // Xvnc sets the primary selection too, which xterm pastes on Shift+Insert.
  const box = await desktop.locator('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  await session.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.3);
  await session.keyboard.type('echo ', { delay: 15 });
  await session.keyboard.press('Shift+Insert');
  await session.keyboard.type(' > ~/clip.txt', { delay: 15 });
  await session.keyboard.press('Enter');
  await expect
    .poll(() => desktops.readHomeFile(mine.id, 'clip.txt'), { timeout: 15_000 })
    .toBe(`${marker}\n`);
  await session.close();
  expect(sessionErrors).toEqual([]);
  await context.close();
});

test('after the desktop goes away the page reconnects on a fresh ticket, and says when the Cloud PC is off', async ({
  browser,
}) => {
  const machine = {
    machineId: mine.id,
    tenantId: CONTOSO,
    regionName: 'eastus',
    userPrincipalName: 'alex@contoso.test',
    imageId: 'image',
  };
  const { context, page } = await asAlex(browser);
  const { session } = await openMine(context, page);
  const sessionErrors = collectErrors(session);
  const desktop = session.getByRole('region', { name: 'Remote desktop' });
  await expect(desktop).toHaveAttribute('data-desktop-state', 'connected', { timeout: 30_000 });

  // The session host goes away under the open connection (as if the VM were switched off).
  await desktops.power(machine, 'off');
  await expect(session.getByRole('heading', { level: 1, name: 'Your Cloud PC is turned off' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(session.getByRole('main').getByRole('alert')).toContainText('This Cloud PC is turned off.');

  // Back on: "Try again" asks for a fresh ticket (the first one is spent) and the desktop returns.
  await desktops.power(machine, 'on');
  await session.getByRole('button', { name: 'Try again' }).click();
  await expect(session.getByRole('region', { name: 'Remote desktop' })).toHaveAttribute(
    'data-desktop-state',
    'connected',
    { timeout: 30_000 },
  );
  await expect.poll(() => desktopColours(session), { timeout: 30_000 }).toBeGreaterThan(2);
  await session.screenshot({ path: `${ARTIFACTS}desktop-session-reconnected.png` });
  expect(sessionErrors).toEqual([]);
  await context.close();
});

test('another person cannot open Alex’s session with his launch link', async ({ page }) => {
  // Adele, signed in (storage state), gets Alex's fresh launch link.
  const info = await api<{ cloudPcLaunchUrl: string }>(
    frontDoor.user,
    alexToken,
    'GET',
    `/api/v1.0/me/cloudPCs/${mine.id}/getCloudPcLaunchInfo`,
  );
  await page.goto(info.cloudPcLaunchUrl);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Your Cloud PC could not be opened' }),
  ).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole('main').getByRole('alert')).toContainText('belongs to someone else');
  await expect(page.getByRole('region', { name: 'Remote desktop' })).toHaveCount(0);
});
