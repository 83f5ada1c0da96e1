#!/usr/bin/env -S node --import tsx
import { formatIdentities } from './seed-identities.ts';
import { type LocalCloud, startLocalCloud } from './stack.ts';

/**
 * `npm start`'s entry point: runs the local cloud in the foreground until Ctrl-C
 * or SIGTERM, then stops every child and writes the Cosmos snapshot. A second
 * signal kills the children at once.
 */
const write = (line: string) => process.stdout.write(`${line}\n`);
const say = (line: string) => write(`[local-cloud] ${line}`);
const controller = new AbortController();
let cloud: LocalCloud | undefined;
let firstSignalAt = 0;

async function shutdown(reason: string, code: number): Promise<never> {
  say(`${reason}: stopping…`);
  try {
    await cloud?.stop();
    say('stopped');
  } catch (error) {
    console.error(`[local-cloud] stop failed: ${(error as Error).message}`);
    code = code || 1;
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    // npm and the terminal may both deliver one Ctrl-C; only a second press, a
    // moment later, means "now".
    if (firstSignalAt && Date.now() - firstSignalAt < 1000) return;
    if (firstSignalAt) {
      say(`${signal} again: killing every component now`);
      // The stack's exit hook SIGKILLs every child process group.
      process.exit(130);
    }
    firstSignalAt = Date.now();
    if (!cloud) {
      controller.abort();
      return;
    }
    void shutdown(signal, 0);
  });
}

// A bug in an in-process server must not strand the children or lose the
// Cosmos data: stop in order, as on Ctrl-C, then fail.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    console.error(
      `[local-cloud] ${event}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    if (cloud) void shutdown(event, 1);
    else process.exit(1);
  });
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

try {
  cloud = await startLocalCloud({ output: write, signal: controller.signal });
} catch (error) {
  console.error(`\n${(error as Error).message}`);
  process.exit(controller.signal.aborted ? 130 : 1);
}

const { urls } = cloud;
const memory = await cloud.memory();
write(
  [
    '',
    `Local cloud is up in ${(cloud.coldStartMs / 1000).toFixed(1)} s  (state in ${cloud.dataDir})`,
    `  Admin portal    ${urls.frontDoor.admin}   (eastus ${urls.regions.eastus.admin}, westus ${urls.regions.westus.admin})`,
    `  User portal     ${urls.frontDoor.user}   (eastus ${urls.regions.eastus.user}, westus ${urls.regions.westus.user})`,
    `  Local Entra ID  ${urls.entra}  (authority ${urls.entra}/{tenantId})`,
    `  Cosmos DB       ${urls.cosmos}  (local certificate: COSMOS_INSECURE_TLS=1)`,
    `  Queues          eastus ${urls.queues.eastus}, westus ${urls.queues.westus}`,
    `  Memory (RSS)    ${mb(memory.reduce((sum, m) => sum + m.rssBytes, 0))} total: ${memory.map((m) => `${m.name.split(' ')[0]} ${mb(m.rssBytes)}`).join(', ')}`,
    '',
    formatIdentities(cloud.seed),
    '',
    'Press Ctrl-C to stop.',
  ].join('\n'),
);

void cloud.unexpectedExit.then(({ name }) => {
  say(`${name} is down; the front door routes around it. Restart with Ctrl-C and npm start.`);
});
