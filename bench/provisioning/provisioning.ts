/**
 * Provisioning throughput (issue [4/10]): assign a policy to the 500-member Frontline
 * group with zero-latency simulated compute and time until all 500 Cloud PCs are
 * provisioned; count the Cosmos operations and queue messages it took per Cloud PC.
 * In the same run, a raw baseline pushes 500 items through the bare minimum of the
 * same stores (one document created, read and replaced; one message sent, received
 * and deleted) with the same concurrency, so the ratio shows the engine's overhead.
 * Target: all 500 in under 60 s on this machine.
 *
 * Run: npx tsx bench/provisioning/provisioning.ts
 * (--concurrency=<n> changes the worker's job concurrency; default: the worker's default.)
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import { mkdir, writeFile } from 'node:fs/promises';
import type { ClientRequest } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ZCreateProvisioningPolicy } from '@cloudpc/api-client';
import type { RequestContext } from '@cloudpc/backend/audit/actor';
import { createSimulatedCompute } from '@cloudpc/backend/compute/simulated-compute';
import { createGraphDirectory } from '@cloudpc/backend/directory/graph-directory';
import { queueDoorbell } from '@cloudpc/backend/jobs/doorbell';
import { logger } from '@cloudpc/backend/observability/logger';
import {
  assignProvisioningPolicy,
  createProvisioningPolicy,
} from '@cloudpc/backend/policies/provisioning-policies';
import { openQueue, type QueueAdapter } from '@cloudpc/backend/queue/queue-adapter';
import { type CosmosStore, openCosmosStore } from '@cloudpc/backend/storage/cosmos-client';
import { DEFAULT_WORKER_SETTINGS, startRegionWorker } from '@cloudpc/backend/worker/region-worker';
import { freePort } from '../../packages/local-cloud/src/process/ports.ts';
import { startLocalQueues } from '../../packages/local-cloud/src/queues/index.ts';

const USERS = 500;
const CONTOSO = '33aa9011-a38d-5612-af97-a2d98d559844';
const FRONTLINE = '5dbe9e53-cecd-5728-8e4a-5977ad74564c';
const WORKER = { clientId: 'f5249154-8266-5501-a90e-ea3d1d9a6a24', secret: 'worker-dev-secret' };
const concurrencyArgument = process.argv.find((argument) => argument.startsWith('--concurrency='));
const CONCURRENCY = Number(concurrencyArgument?.split('=')[1] ?? DEFAULT_WORKER_SETTINGS.concurrency);
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

// ---- counting every request this process makes, by destination --------------------------------

interface Counts {
  cosmos: Record<string, number>;
  queue: { send: number; receive: number; delete: number; other: number };
  graph: number;
}
const zero = (): Counts => ({ cosmos: {}, queue: { send: 0, receive: 0, delete: 0, other: 0 }, graph: 0 });
let counts = zero();
let cosmosPort = '';
let queuePort = '';
/** Requests made while measuring (polling for completion) are not the system's work. */
const observer = new AsyncLocalStorage<boolean>();

subscribe('http.client.request.start', (message) => {
  if (observer.getStore()) return;
  const request = (message as { request: ClientRequest }).request;
  const port =
    String(request.getHeader('host') ?? '')
      .split(':')
      .pop() ?? '';
  if (port === cosmosPort) {
    const kind = `${request.method} ${/\/docs\/[^/]+$/.test(request.path) ? 'doc' : /\/docs$/.test(request.path) ? 'docs' : 'other'}`;
    counts.cosmos[kind] = (counts.cosmos[kind] ?? 0) + 1;
  } else if (port === queuePort) {
    if (request.method === 'POST' && /\/messages/.test(request.path)) counts.queue.send += 1;
    else if (request.method === 'GET' && /\/messages/.test(request.path)) counts.queue.receive += 1;
    else if (request.method === 'DELETE' && /\/messages\//.test(request.path)) counts.queue.delete += 1;
    else counts.queue.other += 1;
  }
});
subscribe('undici:request:create', () => {
  if (!observer.getStore()) counts.graph += 1;
});

const cosmosTotal = (c: Counts) => Object.values(c.cosmos).reduce((sum, n) => sum + n, 0);
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

// ---- the environment: Cosmos and Entra in a child process, Azurite in another -----------------

async function startCloudHost(): Promise<{
  child: ChildProcess;
  cosmosEndpoint: string;
  cosmosKey: string;
  entraUrl: string;
}> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(dirname(fileURLToPath(import.meta.url)), 'cloud-host.ts')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    if (line.startsWith('{')) return { child, ...JSON.parse(line) };
  }
  throw new Error('cloud host exited before it was ready');
}

async function graphToken(entraUrl: string): Promise<string> {
  const response = await fetch(`${entraUrl}/${CONTOSO}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: WORKER.clientId,
      client_secret: WORKER.secret,
      scope: 'https://graph.microsoft.com/.default',
    }).toString(),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error('no Graph token');
  return body.access_token;
}

// ---- raw baseline ---------------------------------------------------------------------------------

async function rawBaseline(store: CosmosStore, queue: QueueAdapter, items = USERS) {
  const container = store.container('service');
  await queue.ensure();
  counts = zero();
  const started = performance.now();
  const runId = randomUUID();
  let next = 0;
  const producers = Array.from({ length: CONCURRENCY }, async () => {
    while (next < items) {
      const index = next;
      next += 1;
      await container.items.create({
        id: `raw-${runId}-${index}`,
        tenantId: 'bench',
        kind: 'raw',
        state: 'new',
      });
      await queue.send({ index });
    }
  });
  // The consumer keeps up to CONCURRENCY items in flight, like the engine's consumer.
  let done = 0;
  const consumer = (async () => {
    const running = new Set<Promise<void>>();
    while (done < items) {
      const free = CONCURRENCY - running.size;
      if (free <= 0) {
        await Promise.race(running);
        continue;
      }
      const messages = await queue.receive<{ index: number }>({
        max: Math.min(32, free),
        visibilityTimeoutSeconds: 30,
      });
      if (messages.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        continue;
      }
      for (const message of messages) {
        const task = (async () => {
          const id = `raw-${runId}-${message.body.index}`;
          const { resource, etag } = await container.item(id, 'bench').read();
          await container
            .item(id, 'bench')
            .replace(
              { ...resource, state: 'done' },
              { accessCondition: { type: 'IfMatch', condition: etag ?? '' } },
            );
          await queue.remove(message);
          done += 1;
        })().finally(() => running.delete(task));
        running.add(task);
      }
    }
    await Promise.all(running);
  })();
  let producedSeconds = 0;
  await Promise.all([
    Promise.all(producers).then(() => {
      producedSeconds = (performance.now() - started) / 1000;
    }),
    consumer,
  ]);
  const seconds = (performance.now() - started) / 1000;
  return { seconds, producedSeconds, counts };
}

// ---- the engine -----------------------------------------------------------------------------------

async function engineRun(store: CosmosStore, connectionString: string, entraUrl: string) {
  const queueName = `bench-${randomUUID().slice(0, 8)}`;
  const queue = openQueue(connectionString, queueName);
  const token = await graphToken(entraUrl);
  const compute = createSimulatedCompute({ stepMs: 0 });
  const context: RequestContext = {
    tenantId: CONTOSO,
    actor: {
      type: 'user',
      objectId: '7fb1005c-4820-5523-8e3d-3345b36a8180',
      userPrincipalName: 'admin@contoso.test',
      applicationId: null,
    },
    requestId: randomUUID(),
    region: 'eastus',
    now: () => new Date(),
  };
  const { resource: policy } = await createProvisioningPolicy({
    store,
    context,
    input: ZCreateProvisioningPolicy.parse({
      displayName: 'Frontline bench',
      imageId: 'microsoftwindowsdesktop_windows-ent-cpc_win11-24h2-ent-cpc',
      domainJoinConfigurations: [{ domainJoinType: 'azureADJoin', regionName: 'eastus' }],
      cloudPcNamingTemplate: 'FL-%USERNAME:4%-%RAND:5%',
    }),
  });
  const worker = startRegionWorker({
    region: 'eastus',
    store,
    queue,
    poisonQueue: openQueue(connectionString, `${queueName}-poison`),
    compute,
    tenantIds: [CONTOSO],
    directoryFor: () =>
      createGraphDirectory({ baseUrl: `${entraUrl}/graph/v1.0`, getToken: async () => token }),
    workerActor: {
      type: 'application',
      objectId: WORKER.clientId,
      userPrincipalName: null,
      applicationId: WORKER.clientId,
    },
    logger: logger.child({ bench: 'provisioning' }),
    // Only what provisioning needs: the periodic sweeps would add their own operations.
    settings: {
      concurrency: CONCURRENCY,
      directorySyncIntervalMs: 0,
      reaperIntervalMs: 0,
      graceSweepIntervalMs: 0,
      restorePointIntervalMs: 0,
      heartbeatIntervalMs: 0,
    },
  });
  await queue.ensure();
  await new Promise((resolve) => setTimeout(resolve, 500));

  counts = zero();
  const started = performance.now();
  await assignProvisioningPolicy({
    store,
    context,
    id: policy.id,
    groupIds: [FRONTLINE],
    doorbell: queueDoorbell(queue),
  });
  const assignedMs = performance.now() - started;
  let firstMs: number | undefined;
  let provisioned = 0;
  const timeline: { seconds: number; provisioned: number }[] = [];
  while (provisioned < USERS) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    provisioned = await observer.run(true, async () => {
      const { resources } = await store
        .container('cloudPcs')
        .items.query<number>({
          query:
            "SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @t AND c.docType = 'cloudPc' AND c.status = 'provisioned'",
          parameters: [{ name: '@t', value: CONTOSO }],
        })
        .fetchAll();
      return resources[0] ?? 0;
    });
    const seconds = (performance.now() - started) / 1000;
    if (provisioned > 0 && firstMs === undefined) firstMs = seconds * 1000;
    timeline.push({ seconds: round(seconds), provisioned });
    if (seconds > 300) throw new Error(`only ${provisioned} provisioned after 300 s`);
  }
  const seconds = (performance.now() - started) / 1000;
  const measured = counts;
  // Per Cloud PC latency: request (document created) to provisioned, from the documents themselves.
  const latencies = await observer.run(true, async () => {
    const { resources } = await store
      .container('cloudPcs')
      .items.query<{ createdDateTime: string; lastModifiedDateTime: string }>({
        query:
          "SELECT c.createdDateTime, c.lastModifiedDateTime FROM c WHERE c.tenantId = @t AND c.docType = 'cloudPc'",
        parameters: [{ name: '@t', value: CONTOSO }],
      })
      .fetchAll();
    return resources
      .map((pc) => new Date(pc.lastModifiedDateTime).getTime() - new Date(pc.createdDateTime).getTime())
      .sort((a, b) => a - b);
  });
  await worker.stop();
  const creates = compute.calls.filter((call) => call.operation === 'create').length;
  return { seconds, assignedMs, firstMs: firstMs ?? 0, counts: measured, timeline, latencies, creates };
}

// ---- report -------------------------------------------------------------------------------------

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main() {
  const host = await startCloudHost();
  cosmosPort = new URL(host.cosmosEndpoint).port;
  const queues = await startLocalQueues({ port: await freePort(), region: 'bench', output: () => undefined });
  queuePort = String(queues.port);
  const store = await openCosmosStore({
    endpoint: host.cosmosEndpoint,
    key: host.cosmosKey,
    databaseId: 'bench-provisioning',
    insecureTls: true,
    preferredLocations: [],
  });
  try {
    // Warm-up (connections, JIT, the servers' caches), not measured.
    await rawBaseline(store, openQueue(queues.connectionString, `warm-${randomUUID().slice(0, 8)}`), 100);
    const raw = await rawBaseline(
      store,
      openQueue(queues.connectionString, `raw-${randomUUID().slice(0, 8)}`),
    );
    const engine = await engineRun(store, queues.connectionString, host.entraUrl);

    const engineCosmos = cosmosTotal(engine.counts);
    const rawCosmos = cosmosTotal(raw.counts);
    const engineQueueOps =
      engine.counts.queue.send + engine.counts.queue.receive + engine.counts.queue.delete;
    const rawQueueOps = raw.counts.queue.send + raw.counts.queue.receive + raw.counts.queue.delete;
    const result = {
      users: USERS,
      workerConcurrency: CONCURRENCY,
      compute: 'simulated, zero step time',
      target: { allProvisionedWithinSeconds: 60, met: engine.seconds < 60 },
      engine: {
        secondsUntilAllProvisioned: round(engine.seconds),
        cloudPcsPerSecond: round(USERS / engine.seconds, 1),
        assignCallMs: round(engine.assignedMs, 1),
        secondsUntilFirstProvisioned: round(engine.firstMs / 1000),
        requestToProvisionedMs: {
          p50: percentile(engine.latencies, 50),
          p95: percentile(engine.latencies, 95),
          max: engine.latencies.at(-1) ?? 0,
        },
        computeCreateCalls: engine.creates,
        cosmosOperations: engineCosmos,
        cosmosOperationsPerCloudPc: round(engineCosmos / USERS),
        cosmosOperationsByKind: engine.counts.cosmos,
        queueMessagesSentPerCloudPc: round(engine.counts.queue.send / USERS),
        queueOperationsPerCloudPc: round(engineQueueOps / USERS),
        queueOperations: engine.counts.queue,
        graphRequests: engine.counts.graph,
        cosmosOperationsPerSecond: round(engineCosmos / engine.seconds),
      },
      raw: {
        description:
          'per item: create a document, send a message; receive (32 at a time), read and replace the document, delete the message',
        seconds: round(raw.seconds),
        secondsUntilAllSent: round(raw.producedSeconds),
        itemsPerSecond: round(USERS / raw.seconds, 1),
        cosmosOperations: rawCosmos,
        cosmosOperationsPerItem: round(rawCosmos / USERS),
        queueOperationsPerItem: round(rawQueueOps / USERS),
        queueOperations: raw.counts.queue,
        cosmosOperationsPerSecond: round(rawCosmos / raw.seconds),
      },
      overhead: {
        timeRatio: round(engine.seconds / raw.seconds),
        cosmosOperationsRatio: round(engineCosmos / rawCosmos),
        queueOperationsRatio: round(engineQueueOps / rawQueueOps),
      },
      timeline: engine.timeline,
    };
    const cpu = cpus();
    const stamped = {
      name: 'provisioning',
      measuredAt: new Date().toISOString(),
      machine: {
        cpuModel: cpu[0]?.model ?? 'unknown',
        cores: cpu.length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
      },
      ...result,
    };
    const e = result.engine;
    const r = result.raw;
    const kinds = Object.entries(e.cosmosOperationsByKind)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, n]) => `${kind} ${round(n / USERS)}`)
      .join(', ');
    const markdown = `# Provisioning throughput (issue 4)

Assign one policy to the ${USERS}-member Frontline group (local Entra Graph), one in-process region worker
(job concurrency ${CONCURRENCY}), zero-latency simulated compute; Cosmos and Entra in a separate process, Azurite in
another. ${stamped.machine.cores} cores, ${stamped.machine.cpuModel}, Node ${stamped.machine.node}.
Target: all ${USERS} provisioned in under 60 s — **${result.target.met ? 'met' : 'not met'}**.

| | engine (assign → all provisioned) | raw baseline (minimal doc + message per item) | ratio |
| --- | --- | --- | --- |
| wall time | ${e.secondsUntilAllProvisioned} s | ${r.seconds} s | ${result.overhead.timeRatio}× |
| throughput | ${e.cloudPcsPerSecond} Cloud PCs/s | ${r.itemsPerSecond} items/s | |
| Cosmos operations per item | ${e.cosmosOperationsPerCloudPc} | ${r.cosmosOperationsPerItem} | ${result.overhead.cosmosOperationsRatio}× |
| queue messages sent per item | ${e.queueMessagesSentPerCloudPc} | 1 | |
| queue operations per item (send + receive + delete) | ${e.queueOperationsPerCloudPc} | ${r.queueOperationsPerItem} | ${result.overhead.queueOperationsRatio}× |
| Cosmos operations per second | ${e.cosmosOperationsPerSecond} | ${r.cosmosOperationsPerSecond} | |

- Assign call (policy write, audit, sync job, message): ${e.assignCallMs} ms; first Cloud PC provisioned after ${e.secondsUntilFirstProvisioned} s.
- Request to provisioned per Cloud PC: p50 ${e.requestToProvisionedMs.p50} ms, p95 ${e.requestToProvisionedMs.p95} ms, max ${e.requestToProvisionedMs.max} ms.
- Compute create calls: ${e.computeCreateCalls} (one per Cloud PC). Graph requests: ${e.graphRequests}.
- Cosmos operations per Cloud PC by kind (method, doc = point operation, docs = create or query): ${kinds}.
- Queue: ${e.queueOperations.send} sends, ${e.queueOperations.receive} receives, ${e.queueOperations.delete} deletes.

Where the engine's operations go, per Cloud PC: the sync round reads the Cloud PC (absent), creates the job, reserves
the device name, creates the Cloud PC and writes its audit event; the worker reads the job, claims it, reads the Cloud
PC (fence check), writes it provisioned, writes the audit event and finishes the job. The raw baseline has no
idempotency, fencing, naming or audit; the difference is the price of those guarantees.
`;
    await mkdir(RESULTS, { recursive: true });
    await writeFile(join(RESULTS, 'provisioning.json'), `${JSON.stringify(stamped, null, 2)}\n`);
    await writeFile(join(RESULTS, 'provisioning.md'), markdown);
    console.log(markdown);
    console.log('wrote bench/results/provisioning.json and .md');
  } finally {
    await store.database.delete().catch(() => undefined);
    store.dispose();
    await queues.close();
    host.child.kill('SIGTERM');
  }
}

await main();
process.exit(0);
