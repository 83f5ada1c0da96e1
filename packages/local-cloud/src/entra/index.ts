/// <reference path="./oidc-provider.d.ts" />
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type Provider from 'oidc-provider';
import { createDirectoryStore } from './directory-store.ts';
import { resourceDefs } from './entra-scopes.ts';
import { createEntraHandler } from './entra-server.ts';
import { loadSeed } from './seed-directory.ts';
import { loadOrCreateKeys } from './signing-keys.ts';
import { createStateAdapter, type StateAdapter } from './state-adapter.ts';
import { createTenantProvider } from './tenant-provider.ts';

export { LOCAL_API_CLIENT_SECRET, loadSeed, uuidV5 } from './seed-directory.ts';
export { servicePrincipalId } from './tenant-provider.ts';

export interface LocalEntraOptions {
  /** 0 picks a free port. */
  port: number;
  /**
   * State root: `<dataDir>/entra/` holds the signing key, directory changes and provider
   * sessions (so sign-ins survive a restart). Omit for memory only.
   */
  dataDir?: string;
  /** Host name in issued URLs and the address bound; default `localhost` (binds 127.0.0.1 and ::1). */
  host?: string;
  /** Seed file; default packages/local-cloud/seed/directory.json. */
  seedPath?: string;
}

export interface LocalEntra {
  /** The authority host, e.g. http://localhost:3900; tenants live under `/{tenantId}`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Starts the local Entra ID: per-tenant OpenID Connect providers (oidc-provider)
 * behind an Entra compatibility layer, plus a Graph directory subset at /graph/v1.0.
 */
export async function startLocalEntra(options: LocalEntraOptions): Promise<LocalEntra> {
  const host = options.host ?? 'localhost';
  const stateDir = options.dataDir ? join(options.dataDir, 'entra') : undefined;
  const seed = loadSeed(options.seedPath);
  const directory = createDirectoryStore(seed, stateDir && join(stateDir, 'directory.json'));
  const keys = await loadOrCreateKeys(stateDir && join(stateDir, 'keys.json'));
  const resources = resourceDefs(seed);

  // The URL is needed before the port is known (issuers embed it): bind first.
  let handler:
    | ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void)
    | undefined;
  const onRequest = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    if (handler) return handler(req, res);
    res.writeHead(503, { 'retry-after': '1' });
    res.end();
  };
  const servers: Server[] = [createServer(onRequest)];
  const bind = host === 'localhost' ? '127.0.0.1' : host;
  const port = await listen(servers[0] as Server, options.port, bind);
  if (host === 'localhost') {
    // Browsers and Node may resolve localhost to ::1 first; answer there too when IPv6 exists.
    const v6 = createServer(onRequest);
    try {
      await listen(v6, port, '::1');
      servers.push(v6);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRNOTAVAIL' && code !== 'EAFNOSUPPORT') {
        await closeServer(servers[0] as Server);
        throw error;
      }
    }
  }
  const url = `http://${host}:${port}`;

  const providers = new Map<string, Provider>();
  const states: StateAdapter[] = [];
  for (const tenant of seed.tenants) {
    const state = createStateAdapter(stateDir && join(stateDir, `sessions-${tenant.tenantId}.json`));
    states.push(state);
    providers.set(
      tenant.tenantId,
      createTenantProvider({
        baseUrl: url,
        tenant,
        directory,
        apps: seed.apps,
        resources,
        keys,
        adapter: state.factory,
      }),
    );
  }
  handler = createEntraHandler({ baseUrl: url, directory, apps: seed.apps, resources, keys, providers });

  return {
    url,
    port,
    close: async () => {
      await Promise.all(servers.map(closeServer));
      for (const state of states) state.flush();
    },
  };
}
