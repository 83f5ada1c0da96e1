import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The only place the backend reads process.env. Everything else receives typed
 * configuration as arguments, so tests can pass their own and production switches
 * from the local cloud to Azure by environment alone.
 */

// The Cosmos emulator's published, well-known key: not a secret.
export const LOCAL_COSMOS_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

const flag = z
  .enum(['1', '0', 'true', 'false', ''])
  .optional()
  .transform((value) => value === '1' || value === 'true');

/**
 * The local Entra ID's seeded registrations (packages/local-cloud/seed/directory.json):
 * the defaults when nothing is configured, so `next start` alone works on a laptop.
 * Production sets every ENTRA_* variable (docs/entra-setup.md).
 */
const LOCAL_ENTRA = {
  apiClientId: 'defa5593-fa6b-549e-b572-867eea1f0a43',
  tenants: ['33aa9011-a38d-5612-af97-a2d98d559844', '34d3c008-72e3-588e-970e-0a5cd70028f2'],
  workerClientId: 'f5249154-8266-5501-a90e-ea3d1d9a6a24',
  // The local worker's published dev secret, like the emulator key above: not a secret.
  workerClientSecret: 'worker-dev-secret',
};

/**
 * Signs launch tickets (launch/launch-ticket.ts). The default only works on a laptop:
 * every deployment sets CLOUDPC_LAUNCH_TICKET_SECRET (32+ random bytes, the same in
 * every region so a ticket issued in one can be redeemed in another).
 */
export const LOCAL_LAUNCH_TICKET_SECRET = 'local-only-launch-ticket-secret-do-not-deploy';

const ZPlatformEnv = z.object({
  CLOUDPC_REGION: z.string().min(1).default('eastus'),
  CLOUDPC_VERSION: z.string().optional(),
  CLOUDPC_DATA_DIR: z.string().optional(),
  CLOUDPC_LAUNCH_TICKET_SECRET: z.string().min(16).default(LOCAL_LAUNCH_TICKET_SECRET),
  CLOUDPC_GATEWAY_URL: z
    .string()
    .regex(/^wss?:\/\/[^\s]+$/, 'a ws:// or wss:// URL')
    .optional(),
  // Per caller and per portal server; generous enough for the load benchmarks of one user.
  API_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(200),
  API_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(400),
  COSMOS_ENDPOINT: z.url().default('https://localhost:8081'),
  COSMOS_KEY: z.string().min(1).default(LOCAL_COSMOS_KEY),
  COSMOS_DATABASE: z.string().min(1).default('cloudpc'),
  COSMOS_INSECURE_TLS: flag,
  COSMOS_PREFERRED_LOCATIONS: z.string().optional(),
  // Azure: authenticate to Cosmos DB with the app's managed identity (AZURE_CLIENT_ID names a
  // user-assigned one); COSMOS_KEY is then not used.
  COSMOS_USE_MANAGED_IDENTITY: flag,
  ENTRA_AUTHORITY_HOST: z.url().default('http://localhost:3900'),
  ENTRA_LOCAL: flag,
  ENTRA_API_CLIENT_ID: z.string().min(1).default(LOCAL_ENTRA.apiClientId),
  ENTRA_KNOWN_TENANTS: z.string().default(LOCAL_ENTRA.tenants.join(',')),
  ENTRA_WORKER_CLIENT_ID: z.string().min(1).default(LOCAL_ENTRA.workerClientId),
  ENTRA_WORKER_CLIENT_SECRET: z.string().min(1).default(LOCAL_ENTRA.workerClientSecret),
  GRAPH_BASE_URL: z.url().default('http://localhost:3900/graph/v1.0'),
  QUEUE_CONNECTION_STRING: z
    .string()
    .min(1)
    .default(
      'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;',
    ),
});

export interface PlatformConfig {
  region: string;
  version: string;
  dataDir: string;
  /** HMAC-SHA256 key of launch tickets. */
  launchTicketSecret: string;
  /** Where browsers reach the connection gateway (the front door's gateway endpoint); none: no desktop streaming. */
  gatewayUrl: string | null;
  cosmos: {
    endpoint: string;
    key: string;
    databaseId: string;
    /** Local only: the local Cosmos server's certificate is self-signed and expired. */
    insecureTls: boolean;
    preferredLocations: string[];
    /** This process's region: derives preferred locations when none are configured. */
    region?: string;
    /** Entra ID (managed identity) instead of the account key. */
    useManagedIdentity?: boolean;
  };
  queue: { connectionString: string };
  /** Per-caller API throttling in each portal server. */
  rateLimit: { perSecond: number; burst: number };
  identity: {
    authorityHost: string;
    /** Local Entra over http: MSAL needs its authority workarounds (docs/adr/0002). */
    isLocal: boolean;
    apiClientId: string;
    knownTenants: string[];
    graphBaseUrl: string;
    workerClientId: string;
    workerClientSecret: string;
  };
}

let cached: PlatformConfig | undefined;

export function loadPlatformConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const parsed = ZPlatformEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    region: e.CLOUDPC_REGION,
    version: e.CLOUDPC_VERSION ?? readVersion(),
    dataDir: e.CLOUDPC_DATA_DIR ?? resolve(repoRoot, '.data'),
    launchTicketSecret: e.CLOUDPC_LAUNCH_TICKET_SECRET,
    gatewayUrl: e.CLOUDPC_GATEWAY_URL?.replace(/\/+$/, '') ?? null,
    cosmos: {
      endpoint: e.COSMOS_ENDPOINT,
      key: e.COSMOS_KEY,
      databaseId: e.COSMOS_DATABASE,
      insecureTls: e.COSMOS_INSECURE_TLS,
      preferredLocations: (e.COSMOS_PREFERRED_LOCATIONS ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      region: e.CLOUDPC_REGION,
      useManagedIdentity: e.COSMOS_USE_MANAGED_IDENTITY,
    },
    queue: { connectionString: e.QUEUE_CONNECTION_STRING },
    rateLimit: { perSecond: e.API_RATE_LIMIT_PER_SECOND, burst: e.API_RATE_LIMIT_BURST },
    identity: {
      authorityHost: e.ENTRA_AUTHORITY_HOST.replace(/\/+$/, ''),
      isLocal: e.ENTRA_LOCAL,
      apiClientId: e.ENTRA_API_CLIENT_ID,
      knownTenants: e.ENTRA_KNOWN_TENANTS.split(',')
        .map((tenant) => tenant.trim())
        .filter(Boolean),
      graphBaseUrl: e.GRAPH_BASE_URL.replace(/\/+$/, ''),
      workerClientId: e.ENTRA_WORKER_CLIENT_ID,
      workerClientSecret: e.ENTRA_WORKER_CLIENT_SECRET,
    },
  };
}

/** Process-wide configuration, parsed once. */
export function platformConfig(): PlatformConfig {
  cached ??= loadPlatformConfig();
  return cached;
}
