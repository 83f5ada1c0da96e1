import { randomUUID } from 'node:crypto';
import { ZCreateProvisioningPolicy } from '@cloudpc/api-client';
import { type LocalEntra, startLocalEntra } from '@cloudpc/local-cloud/entra/index';
import { getTestCloud } from '@cloudpc/local-cloud/testing/test-cloud';
import type { Actor, RequestContext } from '../../audit/actor.ts';
import type { AuditDocument } from '../../audit/audit-repository.ts';
import type { EngineCloudPcDocument } from '../../cloud-pcs/cloud-pc-state-repository.ts';
import { listAllCloudPcs } from '../../cloud-pcs/cloud-pc-state-repository.ts';
import type { ComputeProvider } from '../../compute/compute-provider.ts';
import { createGraphDirectory, type GraphDirectory } from '../../directory/graph-directory.ts';
import { type Doorbell, queueDoorbell } from '../../jobs/doorbell.ts';
import type { EngineSettings } from '../../jobs/job-engine.ts';
import type { JobDocument } from '../../jobs/job-types.ts';
import { logger } from '../../observability/logger.ts';
import { assignProvisioningPolicy, createProvisioningPolicy } from '../../policies/provisioning-policies.ts';
import { openQueue, type QueueAdapter } from '../../queue/queue-adapter.ts';
import { type CosmosStore, openCosmosStore } from '../../storage/cosmos-client.ts';
import { type RegionWorker, startRegionWorker, type WorkerSettings } from '../../worker/region-worker.ts';

/**
 * Integration-test scaffolding for the provisioning engine: the run's real local
 * Cosmos (a fresh database per harness) and Azurite (fresh queue names), optionally
 * a local Entra with its Graph, and in-process region workers. Test files only.
 */
export const CONTOSO = '33aa9011-a38d-5612-af97-a2d98d559844';
export const FABRIKAM = '34d3c008-72e3-588e-970e-0a5cd70028f2';
export const GROUPS = {
  sales: 'b7925e28-db97-5cd3-a9e4-27af3479f25a',
  engineering: '8de5486a-09d4-54ee-a852-9568fc923c72',
  frontline: '5dbe9e53-cecd-5728-8e4a-5977ad74564c',
} as const;
export const WORKER_APP = { clientId: 'f5249154-8266-5501-a90e-ea3d1d9a6a24', secret: 'worker-dev-secret' };
export const AUTOMATION_APP = {
  clientId: '98f41999-52eb-54d3-80c2-8d2ec63d59ba',
  secret: 'automation-dev-secret',
};
export const IMAGE_WIN11 = 'microsoftwindowsdesktop_windows-ent-cpc_win11-24h2-ent-cpc';

export const ADMIN: Actor = {
  type: 'user',
  objectId: '7fb1005c-4820-5523-8e3d-3345b36a8180',
  userPrincipalName: 'admin@contoso.test',
  applicationId: null,
};
export const WORKER_ACTOR: Actor = {
  type: 'application',
  objectId: WORKER_APP.clientId,
  userPrincipalName: null,
  applicationId: WORKER_APP.clientId,
};

/** Engine settings for tests: short leases and quick retries. */
export const FAST_ENGINE: EngineSettings = {
  leaseMs: 3_000,
  heartbeatMs: 1_000,
  progressIntervalMs: 1_000,
  backoff: { baseMs: 100, maxMs: 400 },
  maxDequeueCount: 5,
  messageGraceMs: 3_000,
  timeBudgetsMs: {
    syncDirectory: 120_000,
    provision: 120_000,
    deprovision: 120_000,
    startGracePeriod: 120_000,
    cancelGracePeriod: 120_000,
    remoteAction: 120_000,
  },
  retentionMs: 3_600_000,
};

/** Settings that make a test run fast: short leases, quick retries, no idle waits. */
export const FAST_SETTINGS: Partial<WorkerSettings> = {
  concurrency: 32,
  visibilityTimeoutSeconds: 10,
  idlePollMs: 100,
  directorySyncIntervalMs: 0,
  reconcileIntervalMs: 500,
  reaperIntervalMs: 0,
  graceSweepIntervalMs: 0,
  restorePointIntervalMs: 0,
  drainMs: 2_000,
  engine: FAST_ENGINE,
};

export interface EngineHarness {
  id: string;
  store: CosmosStore;
  databaseId: string;
  queueConnectionString: string;
  entra: LocalEntra | undefined;
  queue(name?: string): QueueAdapter;
  doorbell(queueName?: string): Doorbell;
  graphToken(tenantId: string): Promise<string>;
  directoryFor(tenantId: string): GraphDirectory;
  context(tenantId?: string, actor?: Actor): RequestContext;
  createPolicy(input?: {
    displayName?: string;
    template?: string;
    imageId?: string;
    regionName?: string;
  }): Promise<string>;
  assign(policyId: string, groupIds: string[], queueName?: string): Promise<void>;
  startWorker(options: {
    region?: string;
    queueName?: string;
    compute: ComputeProvider;
    settings?: Partial<WorkerSettings>;
    now?: () => Date;
    withGraph?: boolean;
  }): RegionWorker;
  cloudPcs(tenantId?: string): Promise<EngineCloudPcDocument[]>;
  jobs(tenantId?: string): Promise<JobDocument[]>;
  auditEvents(tenantId?: string): Promise<AuditDocument[]>;
  /** Graph as the automation app, which may change group membership. */
  changeMembership(op: 'add' | 'remove', groupId: string, userId: string, tenantId?: string): Promise<void>;
  waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

async function clientCredentialsToken(
  entraUrl: string,
  tenantId: string,
  app: { clientId: string; secret: string },
) {
  const response = await fetch(`${entraUrl}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.secret,
      scope: 'https://graph.microsoft.com/.default',
    }).toString(),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`no Graph token: ${body.error_description ?? response.status}`);
  return body.access_token;
}

async function queryAll<T>(
  store: CosmosStore,
  container: 'jobs' | 'audit',
  tenantId: string,
  docType: string,
) {
  const { resources } = await store
    .container(container)
    .items.query<T>({
      query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.docType = @docType',
      parameters: [
        { name: '@tenantId', value: tenantId },
        { name: '@docType', value: docType },
      ],
    })
    .fetchAll();
  return resources;
}

export async function startEngineHarness(options: {
  name: string;
  entra?: boolean;
  entraPort?: number;
}): Promise<EngineHarness> {
  const cloud = getTestCloud();
  const id = `${options.name}-${randomUUID().slice(0, 8)}`.toLowerCase();
  const databaseId = `prov-${id}`;
  const store = await openCosmosStore({
    endpoint: cloud.cosmos.endpoint,
    key: cloud.cosmos.key,
    databaseId,
    insecureTls: true,
    preferredLocations: [],
  });
  const entra = options.entra ? await startLocalEntra({ port: options.entraPort ?? 0 }) : undefined;
  const queues = new Map<string, QueueAdapter>();
  const workers: RegionWorker[] = [];
  const tokens = new Map<string, Promise<string>>();
  const defaultQueue = `q-${id}`;

  const queue = (name = defaultQueue) => {
    let adapter = queues.get(name);
    if (!adapter) {
      adapter = openQueue(cloud.queues.connectionString, name);
      queues.set(name, adapter);
    }
    return adapter;
  };
  const graphToken = (tenantId: string) => {
    if (!entra) throw new Error('start the harness with entra: true');
    let token = tokens.get(tenantId);
    if (!token) {
      token = clientCredentialsToken(entra.url, tenantId, WORKER_APP);
      tokens.set(tenantId, token);
      token.catch(() => tokens.delete(tenantId));
    }
    return token;
  };
  const directoryFor = (tenantId: string) => {
    if (!entra) throw new Error('start the harness with entra: true');
    return createGraphDirectory({ baseUrl: `${entra.url}/graph/v1.0`, getToken: () => graphToken(tenantId) });
  };
  const context = (tenantId = CONTOSO, actor = ADMIN): RequestContext => ({
    tenantId,
    actor,
    requestId: randomUUID(),
    region: 'eastus',
    now: () => new Date(),
  });

  const harness: EngineHarness = {
    id,
    store,
    databaseId,
    queueConnectionString: cloud.queues.connectionString,
    entra,
    queue,
    doorbell: (name) => queueDoorbell(queue(name)),
    graphToken,
    directoryFor,
    context,
    async createPolicy(input = {}) {
      const { resource } = await createProvisioningPolicy({
        store,
        context: context(),
        input: ZCreateProvisioningPolicy.parse({
          displayName: input.displayName ?? `Policy ${randomUUID().slice(0, 6)}`,
          imageId: input.imageId ?? IMAGE_WIN11,
          domainJoinConfigurations: [
            { domainJoinType: 'azureADJoin', regionName: input.regionName ?? 'eastus' },
          ],
          cloudPcNamingTemplate: input.template ?? 'CPC-%USERNAME:4%-%RAND:5%',
        }),
      });
      return resource.id;
    },
    async assign(policyId, groupIds, queueName) {
      await assignProvisioningPolicy({
        store,
        context: context(),
        id: policyId,
        groupIds,
        doorbell: harness.doorbell(queueName),
      });
    },
    startWorker(workerOptions) {
      const queueName = workerOptions.queueName ?? defaultQueue;
      const worker = startRegionWorker({
        region: workerOptions.region ?? 'eastus',
        store,
        queue: queue(queueName),
        poisonQueue: queue(`${queueName}-poison`),
        compute: workerOptions.compute,
        tenantIds: [CONTOSO, FABRIKAM],
        ...((workerOptions.withGraph ?? Boolean(entra)) ? { directoryFor } : {}),
        workerActor: WORKER_ACTOR,
        logger: logger.child({ test: options.name }),
        settings: { ...FAST_SETTINGS, ...workerOptions.settings },
        ...(workerOptions.now ? { now: workerOptions.now } : {}),
      });
      workers.push(worker);
      return worker;
    },
    async cloudPcs(tenantId = CONTOSO) {
      return (await listAllCloudPcs(store, tenantId)).map((entry) => entry.value);
    },
    jobs: (tenantId = CONTOSO) => queryAll<JobDocument>(store, 'jobs', tenantId, 'job'),
    auditEvents: (tenantId = CONTOSO) => queryAll<AuditDocument>(store, 'audit', tenantId, 'auditEvent'),
    async changeMembership(op, groupId, userId, tenantId = CONTOSO) {
      if (!entra) throw new Error('start the harness with entra: true');
      const token = await clientCredentialsToken(entra.url, tenantId, AUTOMATION_APP);
      const base = `${entra.url}/graph/v1.0/groups/${groupId}/members`;
      const response =
        op === 'add'
          ? await fetch(`${base}/$ref`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ '@odata.id': `${entra.url}/graph/v1.0/directoryObjects/${userId}` }),
            })
          : await fetch(`${base}/${userId}/$ref`, {
              method: 'DELETE',
              headers: { authorization: `Bearer ${token}` },
            });
      if (response.status !== 204)
        throw new Error(`membership ${op} failed: ${response.status} ${await response.text()}`);
    },
    async waitFor(what, probe, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      for (;;) {
        try {
          const value = await probe();
          if (value !== undefined && value !== false) return value as never;
        } catch (error) {
          last = error;
        }
        if (Date.now() > deadline) {
          throw new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.stop({ drainMs: 1_000 })));
      await store.database.delete().catch(() => undefined);
      store.dispose();
      await entra?.close();
    },
  };
  return harness;
}
