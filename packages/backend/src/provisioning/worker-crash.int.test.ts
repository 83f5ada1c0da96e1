import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatedCompute } from '../compute/simulated-compute.ts';
import { readHeartbeat } from '../health/heartbeat-repository.ts';
import { isTerminal } from '../jobs/job-types.ts';
import {
  CONTOSO,
  type EngineHarness,
  GROUPS,
  startEngineHarness,
  WORKER_APP,
} from './testing/engine-harness.ts';

const workerEntry = fileURLToPath(new URL('../worker/main.ts', import.meta.url));
const USERS = 24;
/**
 * A child compiles the worker with tsx before it does anything: seconds on an idle
 * machine, far longer on a loaded 2-core CI box. The tests wait for the child to be
 * up (its heartbeat) on this budget, so their own waits time only the worker's work.
 */
const STARTUP_MS = 45_000;

type WorkerChild = ChildProcess & { output: string[] };

/** The child's output (and how it ended, if it did) appended to a failure. */
function withOutput<T>(child: WorkerChild, work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    const ended =
      child.exitCode !== null || child.signalCode !== null
        ? `worker exited (code ${child.exitCode}, signal ${child.signalCode})\n`
        : '';
    const output = child.output.join('').slice(-6000) || '(no output)';
    throw new Error(`${String(error)}\n${ended}worker output:\n${output}`);
  });
}

/** Waits until the child has opened Cosmos and started its loops: it writes its heartbeat first. */
async function workerUp(harness: EngineHarness, child: WorkerChild): Promise<void> {
  await withOutput(
    child,
    harness.waitFor(
      `worker ${child.pid} to start`,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error('worker exited');
        const heartbeat = await readHeartbeat(harness.store, 'worker', 'eastus');
        return heartbeat?.pid === child.pid;
      },
      STARTUP_MS,
    ),
  );
}

/** The real worker entry point as a child process, pointed at this test's database and queue. */
function spawnWorker(
  harness: EngineHarness,
  queueName: string,
  extraEnv: Record<string, string> = {},
): WorkerChild {
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
      CLOUDPC_SIMULATED_STEP_MS: '150',
      CLOUDPC_WORKER_CONCURRENCY: '6',
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
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return Object.assign(child, { output });
}

describe('a worker that dies mid-job, and lost messages', () => {
  let harness: EngineHarness;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    harness = await startEngineHarness({ name: 'crash', entra: true });
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

  it('ends with every Cloud PC provisioned exactly once after SIGKILL of the worker and deleted messages', {
    timeout: STARTUP_MS + 30_000 + 45_000 + 15_000,
  }, async () => {
    const queueName = `q-${harness.id}`;
    const child = spawnWorker(harness, queueName);
    children.push(child);
    await workerUp(harness, child);
    const policyId = await harness.createPolicy();
    await harness.assign(policyId, [GROUPS.engineering], queueName);

    const running = await withOutput(
      child,
      harness.waitFor(
        'the child worker to be in the middle of provisioning',
        async () => {
          const jobs = await harness.jobs();
          const provisioning = jobs.filter((job) => job.kind === 'provision');
          const active = provisioning.filter((job) => job.status === 'running');
          return provisioning.length === USERS && active.length >= 3 && active;
        },
        30_000,
      ),
    );
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(child.signalCode).toBe('SIGKILL');

    // Lose messages too: whatever is still queued disappears, as if the region's queue lost it.
    const queue = harness.queue(queueName);
    let deleted = 0;
    for (;;) {
      const messages = await queue.receive({ max: 32, visibilityTimeoutSeconds: 1 });
      if (messages.length === 0) break;
      for (const message of messages) await queue.remove(message);
      deleted += messages.length;
    }
    const unfinished = (await harness.jobs()).filter((job) => !isTerminal(job.status));
    expect(unfinished.length).toBeGreaterThan(0);

    // A fresh worker (another process in real life) recovers everything from Cosmos alone.
    const compute = createSimulatedCompute({ stepMs: 0 });
    const recovery = harness.startWorker({ compute, queueName });
    const cloudPcs = await harness.waitFor(
      'every Cloud PC provisioned',
      async () => {
        const all = await harness.cloudPcs();
        return (
          all.length === USERS && all.every((pc) => pc.status === 'provisioned' && !pc.activeJobId) && all
        );
      },
      45_000,
    );
    expect(new Set(cloudPcs.map((pc) => pc.userId)).size).toBe(USERS);
    const audit = await harness.auditEvents();
    for (const pc of cloudPcs) {
      expect(
        audit.filter(
          (event) => event.activity === 'Provisioned cloudPC' && event.resources[0]?.resourceId === pc.id,
        ),
      ).toHaveLength(1);
    }
    const jobs = (await harness.jobs()).filter((job) => job.kind === 'provision');
    expect(jobs.every((job) => job.status === 'succeeded')).toBe(true);
    // The jobs the killed worker held were claimed a second time once their leases expired.
    for (const job of running) {
      expect(jobs.find((candidate) => candidate.id === job.id)?.attempts).toBeGreaterThanOrEqual(2);
    }
    // Jobs whose messages were deleted never reached a worker: the reconciler re-sent them.
    expect(deleted).toBeGreaterThan(0);
    await recovery.stop();
  });

  it('on SIGTERM finishes or gives back its leases, exits 0 and has kept the heartbeat', {
    timeout: STARTUP_MS + 30_000 + 15_000,
  }, async () => {
    const queueName = `q-term-${harness.id}`;
    const child = spawnWorker(harness, queueName, {
      CLOUDPC_SIMULATED_STEP_MS: '1000',
      CLOUDPC_WORKER_DRAIN_MS: '0',
      CLOUDPC_JOB_LEASE_MS: '60000',
    });
    children.push(child);
    await workerUp(harness, child);
    const policyId = await harness.createPolicy();
    await harness.assign(policyId, [GROUPS.sales], queueName);
    const running = await withOutput(
      child,
      harness.waitFor('a Sales member provisioning', async () => {
        const jobs = await harness.jobs();
        return jobs.some((job) => job.status === 'running' && job.kind === 'provision') && jobs;
      }),
    );
    const heartbeat = await readHeartbeat(harness.store, 'worker', 'eastus');
    expect(heartbeat?.pid).toBe(child.pid);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    const ids = new Set(
      running.filter((job) => job.status === 'running' && job.kind === 'provision').map((job) => job.id),
    );
    expect(ids.size).toBeGreaterThan(0);
    const after = (await harness.jobs()).filter((job) => ids.has(job.id));
    for (const job of after) {
      // Released, not left to expire: no owner, back to pending, the attempt not counted.
      expect(job).toMatchObject({ status: 'pending', leaseOwner: null, attempts: 0 });
    }
  });
});
