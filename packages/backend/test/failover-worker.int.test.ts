import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatedCompute } from '../src/compute/simulated-compute.ts';
import { readHeartbeat } from '../src/health/heartbeat-repository.ts';
import { isTerminal } from '../src/jobs/job-types.ts';
import {
  CONTOSO,
  type EngineHarness,
  GROUPS,
  startEngineHarness,
  WORKER_APP,
} from '../src/provisioning/testing/engine-harness.ts';

/**
 * Region failover of the provisioning engine: eastus's worker (a real process with its
 * own queue) dies in the middle of a provisioning wave; westus's worker, which never
 * reads eastus's queue, finishes the wave from Cosmos alone once the dead worker's
 * leases expire (the reconciler), and nothing is provisioned twice.
 */
const workerEntry = fileURLToPath(new URL('../src/worker/main.ts', import.meta.url));
const USERS = 20;
/** tsx compiles the worker before it does anything: seconds idle, much longer on a loaded CI box. */
const STARTUP_MS = 45_000;

type WorkerChild = ChildProcess & { output: string[] };

function spawnEastWorker(harness: EngineHarness, queueName: string): WorkerChild {
  const output: string[] = [];
  const entraUrl = harness.entra?.url ?? '';
  const child = spawn(process.execPath, ['--import', 'tsx', workerEntry], {
    env: {
      ...process.env,
      COSMOS_DATABASE: harness.databaseId,
      COSMOS_INSECURE_TLS: '1',
      QUEUE_CONNECTION_STRING: harness.queueConnectionString,
      CLOUDPC_REGION: 'eastus',
      CLOUDPC_WORKER_QUEUE: queueName,
      CLOUDPC_SIMULATED_STEP_MS: '250',
      CLOUDPC_WORKER_CONCURRENCY: '4',
      CLOUDPC_JOB_LEASE_MS: '2000',
      CLOUDPC_JOB_HEARTBEAT_MS: '500',
      CLOUDPC_DIRECTORY_LEASE_MS: '2000',
      CLOUDPC_QUEUE_VISIBILITY_SECONDS: '30',
      CLOUDPC_DIRECTORY_SYNC_INTERVAL_MS: '0',
      CLOUDPC_RECONCILE_INTERVAL_MS: '0',
      ENTRA_LOCAL: '1',
      ENTRA_AUTHORITY_HOST: entraUrl,
      GRAPH_BASE_URL: `${entraUrl}/graph/v1.0`,
      ENTRA_KNOWN_TENANTS: CONTOSO,
      ENTRA_WORKER_CLIENT_ID: WORKER_APP.clientId,
      ENTRA_WORKER_CLIENT_SECRET: WORKER_APP.secret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return Object.assign(child, { output });
}

function withOutput<T>(child: WorkerChild, work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    throw new Error(`${String(error)}\neastus worker output:\n${child.output.join('').slice(-6000)}`);
  });
}

describe('a region whose worker dies mid-provisioning', () => {
  let harness: EngineHarness;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    harness = await startEngineHarness({ name: 'failover', entra: true });
    const members = await harness.directoryFor(CONTOSO).listGroupMembers(GROUPS.frontline);
    for (const member of members.slice(0, USERS - 1)) {
      await harness.changeMembership('add', GROUPS.engineering, member.id);
    }
  });
  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await harness?.close();
  });

  it('has every Cloud PC provisioned exactly once, the unfinished ones by the surviving region', {
    timeout: STARTUP_MS + 30_000 + 60_000 + 15_000,
  }, async () => {
    const eastQueue = `q-east-${harness.id}`;
    const westQueue = `q-west-${harness.id}`;
    const east = spawnEastWorker(harness, eastQueue);
    children.push(east);
    await withOutput(
      east,
      harness.waitFor(
        'the eastus worker to start',
        async () => (await readHeartbeat(harness.store, 'worker', 'eastus'))?.pid === east.pid,
        STARTUP_MS,
      ),
    );
    // The survivor runs from the start, as westus would: it only ever reads its own queue.
    const westCompute = createSimulatedCompute({ stepMs: 0 });
    const west = harness.startWorker({ region: 'westus', queueName: westQueue, compute: westCompute });

    const policyId = await harness.createPolicy();
    // An eastus portal accepted the assignment: the doorbell rings eastus's queue.
    await harness.assign(policyId, [GROUPS.engineering], eastQueue);

    const atKill = await withOutput(
      east,
      harness.waitFor(
        'eastus to be in the middle of the wave',
        async () => {
          const jobs = (await harness.jobs()).filter((job) => job.kind === 'provision');
          const running = jobs.filter(
            (job) => job.status === 'running' && job.leaseOwner?.startsWith('eastus/'),
          );
          return jobs.length === USERS && running.length >= 2 && jobs;
        },
        30_000,
      ),
    );
    east.kill('SIGKILL');
    await once(east, 'exit');
    const unfinished = atKill.filter((job) => !isTerminal(job.status));
    const heldByEast = atKill.filter(
      (job) => job.status === 'running' && job.leaseOwner?.startsWith('eastus/'),
    );
    expect(heldByEast.length).toBeGreaterThanOrEqual(2);

    const cloudPcs = await harness.waitFor(
      'every Cloud PC provisioned',
      async () => {
        const all = await harness.cloudPcs();
        return (
          all.length === USERS && all.every((pc) => pc.status === 'provisioned' && !pc.activeJobId) && all
        );
      },
      60_000,
    );
    expect(new Set(cloudPcs.map((pc) => pc.userId)).size).toBe(USERS);

    // Exactly once: one "Provisioned" audit event per Cloud PC, whoever ran it.
    const audit = await harness.auditEvents();
    for (const pc of cloudPcs) {
      const provisioned = audit.filter(
        (event) => event.activity === 'Provisioned cloudPC' && event.resources[0]?.resourceId === pc.id,
      );
      expect(provisioned, pc.id).toHaveLength(1);
    }
    const jobs = (await harness.jobs()).filter((job) => job.kind === 'provision');
    expect(jobs.every((job) => job.status === 'succeeded')).toBe(true);

    // The survivor created the machine of every job eastus had not finished; the ones
    // eastus held were claimed again once their leases expired.
    const createdByWest = new Set(
      westCompute.calls.filter((call) => call.operation === 'create').map((call) => call.machineId),
    );
    for (const job of unfinished) expect(createdByWest.has(job.cloudPcId ?? ''), job.id).toBe(true);
    for (const job of heldByEast) {
      expect(jobs.find((candidate) => candidate.id === job.id)?.attempts).toBeGreaterThanOrEqual(2);
    }
    await west.stop({ drainMs: 1_000 });
  });
});
