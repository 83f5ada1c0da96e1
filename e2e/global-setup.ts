import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type FullConfig } from '@playwright/test';
import { localDesktopAvailable } from '../packages/backend/src/compute/local-desktop-compute.ts';
import { freePorts } from '../packages/local-cloud/src/process/ports.ts';
import { type LocalCloud, startLocalCloud } from '../packages/local-cloud/src/stack.ts';
import type { StackPorts } from '../packages/local-cloud/src/stack-config.ts';
import {
  AUTH_DIR_ENV,
  AUTH_ROOT,
  PEOPLE,
  SIGNED_IN_STATES,
  type SignInTiming,
  signIn,
  storageStatePath,
} from './support/identities.ts';
import { STACK_ENV, STACK_FILE, STACK_HANDLE, type StackUrls } from './support/local-cloud.ts';

type WithStack = typeof globalThis & {
  [STACK_HANDLE]?: { cloud: LocalCloud; dataDir: string; close: () => void };
};

const LOG_FILE = fileURLToPath(new URL('./artifacts/local-cloud.log', import.meta.url));
const TIMINGS_FILE = fileURLToPath(new URL('./artifacts/sign-in-timings.json', import.meta.url));

/**
 * Signs in once per person and portal through the real sign-in page and keeps the browser
 * state (MSAL's localStorage cache and its encryption cookie, the session hint, the local
 * Entra's session cookies) for specs to reuse: `test.use({ storageState })`.
 */
async function signInOncePerRole(config: FullConfig, urls: StackUrls): Promise<void> {
  const launchOptions = config.projects[0]?.use.launchOptions ?? {};
  const browser = await chromium.launch(launchOptions);
  const timings: (SignInTiming & { portal: string; person: string })[] = [];
  try {
    for (const { portal, person } of SIGNED_IN_STATES) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const timing = await signIn(page, urls.frontDoor[portal], person);
      // Settled: roles read from the API token, the home page chosen.
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await context.storageState({ path: storageStatePath(portal, person) });
      await context.close();
      timings.push({ portal, person: PEOPLE[person].username, ...timing });
    }
  } finally {
    await browser.close();
  }
  await writeFile(TIMINGS_FILE, `${JSON.stringify(timings, null, 2)}\n`);
  const summary = timings.map((t) => `${t.person}@${t.portal} ${t.afterPasswordMs} ms`).join(', ');
  console.log(`signed in once per role (password to name in header): ${summary}`);
}

/**
 * Starts the whole local cloud (both regions' portals from their production builds,
 * workers, front door, Cosmos, Azurite, local Entra ID) on free ports, with nothing
 * kept on disk, so e2e runs beside `npm start` and leave no state behind.
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const [a, b, c, d, e, f, g, h, i, j, k, l, m] = await freePorts(13);
  const ports: Partial<StackPorts> = {
    frontDoorAdmin: a,
    frontDoorUser: b,
    eastusAdmin: c,
    eastusUser: d,
    westusAdmin: e,
    westusUser: f,
    entra: g,
    cosmos: h,
    queuesEastus: i,
    queuesWestus: j,
  };
  // The run registry still needs a directory; a fresh one per run keeps runs independent.
  const dataDir = await mkdtemp(join(tmpdir(), 'cloudpc-e2e-'));
  await mkdir(dirname(LOG_FILE), { recursive: true });
  const log = createWriteStream(LOG_FILE);

  const started = Date.now();
  // Real desktops when this machine can run them (scripts/test.sh installs the packages), as npm start does.
  const computeProvider =
    process.env.CLOUDPC_COMPUTE_PROVIDER ?? (localDesktopAvailable() ? 'local-desktop' : 'simulated');
  process.env.CLOUDPC_E2E_DATA_DIR = dataDir;
  const cloud = await startLocalCloud({
    persist: false,
    dataDir,
    ports,
    gatewayPorts: { frontDoor: k, eastus: l, westus: m },
    env: { ...process.env, CLOUDPC_COMPUTE_PROVIDER: computeProvider },
    // The children's output is long; keep it in a file for when a test fails.
    output: (line) => log.write(`${line}\n`),
  }).catch((error: unknown) => {
    log.end();
    throw new Error(`The local cloud did not start; see ${LOG_FILE}`, { cause: error });
  });
  console.log(
    `local cloud up in ${((Date.now() - started) / 1000).toFixed(1)} s, compute ${computeProvider} (log: ${LOG_FILE})`,
  );

  const urls: StackUrls = {
    frontDoor: cloud.urls.frontDoor,
    regions: cloud.urls.regions,
    entra: cloud.urls.entra,
  };
  const json = JSON.stringify(urls);
  process.env[STACK_ENV] = json;
  await mkdir(dirname(STACK_FILE), { recursive: true });
  await writeFile(STACK_FILE, `${JSON.stringify(urls, null, 2)}\n`);

  (globalThis as WithStack)[STACK_HANDLE] = { cloud, dataDir, close: () => log.end() };

  await mkdir(AUTH_ROOT, { recursive: true });
  const authDir = await mkdtemp(join(AUTH_ROOT, 'run-'));
  process.env[AUTH_DIR_ENV] = authDir;
  try {
    await signInOncePerRole(config, urls);
  } catch (error) {
    // Global teardown does not run when setup fails: stop what was started here.
    await cloud.stop();
    log.end();
    await rm(dataDir, { recursive: true, force: true });
    await rm(authDir, { recursive: true, force: true });
    delete (globalThis as WithStack)[STACK_HANDLE];
    throw new Error('Signing in once per role failed', { cause: error });
  }
}
