import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from '../packages/local-cloud/src/process/ports.ts';
import { type LocalCloud, startLocalCloud } from '../packages/local-cloud/src/stack.ts';
import type { StackPorts } from '../packages/local-cloud/src/stack-config.ts';
import { STACK_ENV, STACK_FILE, STACK_HANDLE, type StackUrls } from './support/local-cloud.ts';

type WithStack = typeof globalThis & {
  [STACK_HANDLE]?: { cloud: LocalCloud; dataDir: string; close: () => void };
};

const LOG_FILE = fileURLToPath(new URL('./artifacts/local-cloud.log', import.meta.url));

/**
 * Starts the whole local cloud (both regions' portals from their production builds,
 * workers, front door, Cosmos, Azurite, local Entra ID) on free ports, with nothing
 * kept on disk, so e2e runs beside `npm start` and leave no state behind.
 */
export default async function globalSetup(): Promise<void> {
  const [a, b, c, d, e, f, g, h, i, j] = await freePorts(10);
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
  const cloud = await startLocalCloud({
    persist: false,
    dataDir,
    ports,
    // The children's output is long; keep it in a file for when a test fails.
    output: (line) => log.write(`${line}\n`),
  }).catch((error: unknown) => {
    log.end();
    throw new Error(`The local cloud did not start; see ${LOG_FILE}`, { cause: error });
  });
  console.log(`local cloud up in ${((Date.now() - started) / 1000).toFixed(1)} s (log: ${LOG_FILE})`);

  const urls: StackUrls = { frontDoor: cloud.urls.frontDoor, regions: cloud.urls.regions };
  const json = JSON.stringify(urls);
  process.env[STACK_ENV] = json;
  await mkdir(dirname(STACK_FILE), { recursive: true });
  await writeFile(STACK_FILE, `${JSON.stringify(urls, null, 2)}\n`);

  (globalThis as WithStack)[STACK_HANDLE] = { cloud, dataDir, close: () => log.end() };
}
