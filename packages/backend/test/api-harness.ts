import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type LocalEntra, startLocalEntra } from '@cloudpc/local-cloud/entra/index';
import { getTestCloud } from '@cloudpc/local-cloud/testing/test-cloud';
import { adminRoutes } from '../src/api/admin-routes.ts';
import { meRoutes } from '../src/api/me-routes.ts';
import { createDispatcher } from '../src/http/dispatch.ts';
import { toNodeHandler } from '../src/http/node-adapter.ts';
import type { RateLimitSettings } from '../src/http/rate-limit.ts';
import { authenticate } from '../src/identity/authenticate.ts';
import { logger } from '../src/observability/logger.ts';
import type { ContainerName } from '../src/storage/containers.ts';
import { type CosmosStore, openCosmosStore } from '../src/storage/cosmos-client.ts';
import { type ApiCaller, apiCaller } from './api-client.ts';
import { app, seed, user } from './seed-identities.ts';

/**
 * The real API over real HTTP, without Next.js: the dispatcher and route tables the
 * portals serve, real tokens from the local Entra ID (ROPC for seeded people,
 * client credentials for apps), and the run's local Cosmos with a fresh database.
 */
export interface ApiHarness {
  url: string;
  entraUrl: string;
  store(): Promise<CosmosStore>;
  as(userPrincipalName: string): ApiCaller;
  asApp(name: 'automation' | 'worker', tenant: 'Contoso' | 'Fabrikam'): ApiCaller;
  anonymous: ApiCaller;
  countDocuments(container: ContainerName): Promise<number>;
  close(): Promise<void>;
}

const API_SCOPE = 'api://cloudpc-api/CloudPC.ReadWrite';

export async function startApiHarness(
  options: { region?: string; rateLimit?: RateLimitSettings } = {},
): Promise<ApiHarness> {
  const cloud = getTestCloud();
  const entra: LocalEntra = await startLocalEntra({ port: 0 });
  const store = await openCosmosStore({
    endpoint: cloud.cosmos.endpoint,
    key: cloud.cosmos.key,
    databaseId: `api-${randomUUID().slice(0, 8)}`,
    insecureTls: true,
    preferredLocations: [],
  });
  const knownTenants = seed.tenants.map((tenant) => tenant.tenantId);
  const common = {
    authenticate: (request: Request) =>
      authenticate(request, {
        authorityHost: entra.url,
        apiClientId: seed.apps.api?.clientId ?? '',
        knownTenants,
      }),
    store: async () => store,
    region: options.region ?? 'eastus',
    logger: logger.child({ test: true }),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  };
  const admin = createDispatcher({ ...common, routes: adminRoutes });
  const me = createDispatcher({ ...common, routes: meRoutes });
  const server: Server = createServer(
    toNodeHandler((request) =>
      new URL(request.url).pathname.startsWith('/api/v1.0/me') ? me(request) : admin(request),
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const tokens = new Map<string, Promise<string>>();
  async function token(key: string, tenantId: string, form: Record<string, string>): Promise<string> {
    let pending = tokens.get(key);
    if (!pending) {
      pending = fetch(`${entra.url}/${tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      }).then(async (response) => {
        const body = (await response.json()) as { access_token?: string; error_description?: string };
        if (!body.access_token) throw new Error(`no token for ${key}: ${body.error_description}`);
        return body.access_token;
      });
      tokens.set(key, pending);
    }
    return pending;
  }

  return {
    url,
    entraUrl: entra.url,
    store: async () => store,
    as(upn) {
      const person = user(upn);
      const portal = app('adminPortal').clientId;
      return apiCaller(url, () =>
        token(upn, person.tenantId, {
          grant_type: 'password',
          client_id: portal,
          username: upn,
          password: seed.devPassword,
          scope: API_SCOPE,
        }),
      );
    },
    asApp(name, tenantName) {
      const registration = app(name);
      const tenantId = seed.tenants.find((tenant) => tenant.displayName === tenantName)?.tenantId ?? '';
      return apiCaller(url, () =>
        token(`${name}@${tenantName}`, tenantId, {
          grant_type: 'client_credentials',
          client_id: registration.clientId,
          client_secret: registration.clientSecret ?? '',
          scope: 'api://cloudpc-api/.default',
        }),
      );
    },
    anonymous: apiCaller(url, async () => undefined),
    async countDocuments(container) {
      const { resources } = await store
        .container(container)
        .items.query<number>('SELECT VALUE COUNT(1) FROM c')
        .fetchAll();
      return resources[0] ?? 0;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.database.delete().catch(() => undefined);
      store.dispose();
      await entra.close();
    },
  };
}
