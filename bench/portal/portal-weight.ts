/**
 * Issue 6's benchmark: first-load JavaScript per route (gzip) of both portals' production
 * builds, and time to interactive of the admin center's All Cloud PCs page with 5,000
 * Cloud PCs, from Playwright in Debian's Chromium.
 *
 * Needs built portals (`flock /tmp/build.lock npx turbo run build --filter=@cloudpc/admin-portal
 * --filter=@cloudpc/user-portal`). Starts the whole local cloud on free ports with nothing kept.
 * Run: `npx tsx bench/portal/portal-weight.ts` (BENCH_CLOUD_PCS, BENCH_RUNS override).
 *
 * First load = every <script src> in the route's server HTML (what the browser must fetch
 * before the page can hydrate), each gzipped at zlib's default level, summed. Signed-in
 * pages load their bodies and the API client after sign-in (React.lazy, ADR 0004): that
 * JavaScript is reported as "after sign-in" for the Cloud PCs page, from the browser.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { insertCloudPc } from '@cloudpc/backend/cloud-pcs/cloud-pc-repository';
import { LOCAL_COSMOS_KEY } from '@cloudpc/backend/config/env';
import { openCosmosStore } from '@cloudpc/backend/storage/cosmos-client';
import { type Browser, chromium, type Page } from '@playwright/test';
import { loadSeed, uuidV5 } from '../../packages/local-cloud/src/entra/index.ts';
import { startEphemeralCloud } from '../../packages/local-cloud/src/testing/ephemeral-cloud.ts';
import { writeResults } from '../lib/bench-results.ts';

const CLOUD_PCS = Number(process.env.BENCH_CLOUD_PCS ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BUDGET_KIB = 300;
const TTI_TARGET_MS = 1500;
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const seed = loadSeed();
const contoso = seed.tenants.find((tenant) => tenant.displayName === 'Contoso');
if (!contoso) throw new Error('seed has no Contoso');

/** Every page route of an app (app router), dynamic segments filled with a sample value. */
function routesOf(portal: 'admin-portal' | 'user-portal'): string[] {
  const appDir = join(repoRoot, 'apps', portal, 'src', 'app');
  const routes: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== 'api') walk(path);
      } else if (entry === 'page.tsx') {
        const segments = relative(appDir, dir).split(sep).filter(Boolean);
        routes.push(
          `/${segments.map((segment) => (segment.startsWith('[') ? 'example' : segment)).join('/')}`,
        );
      }
    }
  };
  walk(appDir);
  // The not-found page is a route of its own for the budget.
  return [...routes.sort(), '/no-such-page'];
}

const gzipCache = new Map<string, number>();

async function gzipSize(url: string): Promise<number> {
  const cached = gzipCache.get(url);
  if (cached !== undefined) return cached;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const size = gzipSync(Buffer.from(await response.arrayBuffer())).length;
  gzipCache.set(url, size);
  return size;
}

const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/**
 * `nomodule` scripts (Next's legacy polyfills) are left out of the first load: browsers that
 * run ES modules never download them (checked in Chromium below). They are reported apart.
 */
async function firstLoad(origin: string, route: string) {
  const response = await fetch(`${origin}${route}`);
  const html = await response.text();
  const tags = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"[^>]*>/g)].map((match) => ({
    src: match[1] ?? '',
    isNoModule: /\bnomodule\b/i.test(match[0]),
  }));
  const unique = [...new Map(tags.map((tag) => [tag.src, tag])).values()];
  const sized = await Promise.all(
    unique.map(async (tag) => ({ ...tag, size: await gzipSize(new URL(tag.src, origin).toString()) })),
  );
  const sum = (list: typeof sized) => list.reduce((total, tag) => total + tag.size, 0);
  const modern = sized.filter((tag) => !tag.isNoModule);
  const legacy = sized.filter((tag) => tag.isNoModule);
  return {
    route,
    status: response.status,
    scripts: modern.length,
    gzipKiB: kib(sum(modern)),
    withNoModuleGzipKiB: kib(sum(sized)),
    noModuleScripts: legacy.map((tag) => tag.src),
  };
}

async function seedCloudPcs(cosmosUrl: string) {
  const store = await openCosmosStore({
    endpoint: cosmosUrl,
    key: LOCAL_COSMOS_KEY,
    databaseId: 'cloudpc',
    insecureTls: true,
    preferredLocations: [],
  });
  const owners = Array.from({ length: 500 }, (_, index) => {
    const n = String(index + 1).padStart(3, '0');
    return { id: uuidV5(`cloudpc-seed/contoso/user${n}`), upn: `user${n}@contoso.test` };
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < CLOUD_PCS) {
        const index = next++;
        const owner = owners[index % owners.length];
        const name = `CPC-${String(index).padStart(5, '0')}`;
        const at = new Date(Date.now() - index * 1000).toISOString();
        await insertCloudPc(store, {
          id: randomUUID(),
          tenantId: contoso?.tenantId ?? '',
          docType: 'cloudPc',
          userId: owner?.id ?? '',
          userPrincipalName: owner?.upn ?? '',
          displayName: name,
          managedDeviceName: name,
          provisioningPolicyId: '6f6f6f6f-0000-4000-8000-000000000001',
          provisioningPolicyName: 'Bench policy',
          imageDisplayName: 'Windows 11 Enterprise 25H2',
          servicePlanId: '0cd1f4d2-5f2e-4b45-9b3b-2d6e0a1b4c04',
          servicePlanName: 'Cloud PC Enterprise 2vCPU/8GB/128GB',
          status: index % 50 === 0 ? 'failed' : index % 97 === 0 ? 'inGracePeriod' : 'provisioned',
          statusDetail: null,
          gracePeriodEndDateTime:
            index % 97 === 0 ? new Date(Date.now() + index * 60_000).toISOString() : null,
          powerState: 'running',
          regionName: index % 2 ? 'westus' : 'eastus',
          lastModifiedDateTime: at,
          lastRemoteActionResult: null,
          provisioningType: 'dedicated',
          createdDateTime: at,
        });
      }
    }),
  );
  store.dispose();
}

/** Signs the admin in through the local Entra's sign-in page (as the e2e global setup does). */
async function signIn(page: Page, portal: string) {
  await page.goto(portal);
  const deadline = Date.now() + 30_000;
  while (!(await page.getByLabel('Username').isVisible())) {
    if (Date.now() > deadline) throw new Error('no sign-in page');
    if (new URL(page.url()).origin === new URL(portal).origin) {
      await page
        .getByRole('main')
        .getByRole('button', { name: 'Sign in' })
        .click({ timeout: 2_000 })
        .catch(() => undefined);
    }
    await page.waitForTimeout(250);
  }
  await page.getByLabel('Username').fill('admin@contoso.test');
  await page.getByLabel('Password').fill(seed.devPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-user').waitFor({ timeout: 30_000 });
}

/** In every page: when the grid's first row appears, and every long task (main thread busy > 50 ms). */
const INSTRUMENT = `
  window.__bench = { rowsAt: null, longTasks: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.longTasks.push([entry.startTime, entry.startTime + entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const observer = new MutationObserver(() => {
    if (document.querySelector('table[aria-label="Cloud PCs"] tbody tr')) {
      window.__bench.rowsAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
`;

interface GridRun {
  ttiMs: number;
  rowsVisibleMs: number;
  firstContentfulPaintMs: number;
  domContentLoadedMs: number;
  longTasks: number;
  longestTaskMs: number;
  rows: number;
  scriptKiBTransferred: number;
}

/**
 * Interactive = the grid's rows are in the page and the main thread is free: from the
 * moment the rows appear, any long task starting within 500 ms pushes the point to its end
 * (a quiet window as in the TTI metric, shortened because the page does no more work).
 */
async function measureGrid(page: Page, url: string): Promise<GridRun> {
  await page.goto(url);
  await page.waitForFunction(
    () => (window as unknown as { __bench: { rowsAt: number | null } }).__bench.rowsAt !== null,
    null,
    {
      timeout: 60_000,
    },
  );
  await page.waitForTimeout(2_000);
  return page.evaluate(() => {
    const bench = (window as unknown as { __bench: { rowsAt: number; longTasks: [number, number][] } })
      .__bench;
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
    let interactive = bench.rowsAt;
    for (const [start, end] of [...bench.longTasks].sort((a, b) => a[0] - b[0])) {
      if (end > interactive && start <= interactive + 500) interactive = end;
    }
    const scripts = performance
      .getEntriesByType('resource')
      .filter((entry) => (entry as PerformanceResourceTiming).initiatorType === 'script')
      .reduce((sum, entry) => sum + (entry as PerformanceResourceTiming).transferSize, 0);
    return {
      ttiMs: Math.round(interactive),
      rowsVisibleMs: Math.round(bench.rowsAt),
      firstContentfulPaintMs: Math.round(fcp),
      domContentLoadedMs: Math.round(navigation.domContentLoadedEventEnd),
      longTasks: bench.longTasks.length,
      longestTaskMs: Math.round(Math.max(0, ...bench.longTasks.map(([start, end]) => end - start))),
      rows: document.querySelectorAll('table[aria-label="Cloud PCs"] tbody tr').length,
      scriptKiBTransferred: Math.round(scripts / 1024),
    };
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

async function main() {
  const loadBefore = loadavg();
  console.log('starting the local cloud on free ports…');
  const cloud = await startEphemeralCloud({ output: () => undefined });
  let browser: Browser | undefined;
  try {
    const weights = [];
    for (const [portal, app] of [
      ['admin', 'admin-portal'],
      ['user', 'user-portal'],
    ] as const) {
      const origin = cloud.urls.regions.eastus[portal];
      for (const route of routesOf(app)) {
        const weight = { portal, ...(await firstLoad(origin, route)) };
        weights.push(weight);
        console.log(
          `${portal} ${route}: ${weight.gzipKiB} KiB gzip in ${weight.scripts} scripts (${weight.withNoModuleGzipKiB} with the nomodule polyfill)`,
        );
      }
    }

    console.log(`seeding ${CLOUD_PCS} Cloud PCs…`);
    await seedCloudPcs(cloud.urls.cosmos);
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
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(INSTRUMENT);
    const page = await context.newPage();
    const admin = cloud.urls.regions.eastus.admin;
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await signIn(page, admin);
    const runs: GridRun[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const result = await measureGrid(page, `${admin}/cloud-pcs`);
      console.log(`grid run ${run + 1}: ${JSON.stringify(result)}`);
      runs.push(result);
    }
    const noModule = [...new Set(weights.flatMap((weight) => weight.noModuleScripts))];
    const noModuleFetched = noModule.filter((src) => fetched.includes(src));
    // The first navigation fills the browser's cache; later ones are what a returning admin sees.
    const warm = runs.slice(1);
    const grid = {
      cloudPcs: CLOUD_PCS,
      runs,
      coldTtiMs: runs[0]?.ttiMs ?? 0,
      medianWarmTtiMs: median(warm.map((run) => run.ttiMs)),
      medianWarmRowsVisibleMs: median(warm.map((run) => run.rowsVisibleMs)),
      maxTtiMs: Math.max(...runs.map((run) => run.ttiMs)),
    };

    const over = weights.filter((weight) => weight.withNoModuleGzipKiB >= BUDGET_KIB);
    const markdown = [
      '# Portal weight and grid time to interactive (issue 6)',
      '',
      `First-load JavaScript per route: every \`<script src>\` in the route's server HTML, gzip (zlib default level), KiB. Budget: under ${BUDGET_KIB} KiB per route.`,
      `The first-load column leaves out Next's \`nomodule\` polyfill script (${kib(((weights[0]?.withNoModuleGzipKiB ?? 0) - (weights[0]?.gzipKiB ?? 0)) * 1024)} KiB gzip), which module-capable browsers never download (Chromium fetched ${noModuleFetched.length} of ${noModule.length} such scripts in this run); the budget column counts it anyway.`,
      `Load average of this shared 2-core machine (other work running): ${loadBefore.map((n) => n.toFixed(1)).join(' / ')} at the start, ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' / ')} at the end (1/5/15 min).`,
      '',
      '| portal | route | scripts | first load (KiB gzip) | with the nomodule polyfill | under budget |',
      '| --- | --- | --- | --- | --- | --- |',
      ...weights.map(
        (weight) =>
          `| ${weight.portal} | ${weight.route} | ${weight.scripts} | ${weight.gzipKiB} | ${weight.withNoModuleGzipKiB} | ${weight.withNoModuleGzipKiB < BUDGET_KIB ? 'yes' : 'no'} |`,
      ),
      '',
      `All Cloud PCs page with ${CLOUD_PCS} Cloud PCs in the tenant (server paging, 50 rows a page), signed in as an admin, regional portal, Debian Chromium headless, ${RUNS} navigations after signing in on the overview (the first is the page's first visit: its own chunks and the API client are not cached yet).`,
      `Interactive = first page of rows in the DOM and no long task within 500 ms after. Target: under ${TTI_TARGET_MS} ms.`,
      '',
      '| run | interactive ms | rows visible ms | FCP ms | DOMContentLoaded ms | long tasks | longest ms | rows | script KiB transferred |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...runs.map(
        (run, index) =>
          `| ${index === 0 ? '1 (first visit)' : index + 1} | ${run.ttiMs} | ${run.rowsVisibleMs} | ${run.firstContentfulPaintMs} | ${run.domContentLoadedMs} | ${run.longTasks} | ${run.longestTaskMs} | ${run.rows} | ${run.scriptKiBTransferred} |`,
      ),
      '',
      `First visit: ${grid.coldTtiMs} ms; median warm: ${grid.medianWarmTtiMs} ms; worst: ${grid.maxTtiMs} ms — ${grid.maxTtiMs < TTI_TARGET_MS ? 'meets' : 'misses'} the target.`,
      over.length === 0
        ? `Every route is under ${BUDGET_KIB} KiB, even counting the nomodule polyfill.`
        : `Over budget: ${over.map((weight) => `${weight.portal} ${weight.route} (${weight.gzipKiB})`).join(', ')}.`,
    ].join('\n');
    await writeResults(
      'portal-weight',
      {
        budgetKiB: BUDGET_KIB,
        ttiTargetMs: TTI_TARGET_MS,
        weights,
        noModuleFetched,
        grid,
        loadBefore,
        loadAfter: loadavg(),
      },
      markdown,
    );
    console.log(markdown);
  } finally {
    await browser?.close();
    await cloud.dispose();
  }
}

await main();
