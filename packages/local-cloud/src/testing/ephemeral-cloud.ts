import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../process/ports.ts';
import { type LocalCloud, type LocalCloudOptions, startLocalCloud } from '../stack.ts';
import type { StackPorts } from '../stack-config.ts';

/**
 * The whole local cloud on free ports with nothing kept on disk, for e2e runs and
 * benchmarks that must not collide with a developer's `npm start`.
 */
export async function startEphemeralCloud(
  options: Pick<LocalCloudOptions, 'output' | 'env' | 'healthTimeoutMs'> = {},
): Promise<LocalCloud & { dispose(): Promise<void> }> {
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
  const dataDir = await mkdtemp(join(tmpdir(), 'cloudpc-ephemeral-'));
  const cloud = await startLocalCloud({ ...options, persist: false, dataDir, ports });
  return {
    ...cloud,
    async dispose() {
      await cloud.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
