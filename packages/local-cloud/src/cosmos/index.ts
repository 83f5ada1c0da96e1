import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Account, certificatePaths, createAccount, matchRoute } from './account-internals.ts';
import {
  captureSnapshot,
  countDocuments,
  readSnapshotFile,
  restoreSnapshot,
  writeSnapshotFile,
} from './snapshot.ts';

/** The Cosmos emulator's published, well-known key (not a secret). The local server ignores auth. */
export const LOCAL_COSMOS_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export interface LocalCosmosOptions {
  /** 0 picks a free port. */
  port: number;
  /** State root; the snapshot lives in `<dataDir>/cosmos/snapshot.json`. Omit for memory only. */
  dataDir?: string;
  /** Listening address, default 127.0.0.1. */
  host?: string;
  /** How often a dirty account is written, default 2000 ms. */
  snapshotIntervalMs?: number;
  /** Receives one line per notable event (load, save failures). Default: console.error. */
  log?: (line: string) => void;
}

export interface SnapshotStats {
  documents: number;
  bytes: number;
  /** Capture + JSON serialization; the event loop is blocked for this long. */
  captureMs: number;
  /** Asynchronous file write, fsync and rename. */
  writeMs: number;
}

export interface LocalCosmos {
  /** e.g. https://127.0.0.1:8081/ — serve with COSMOS_INSECURE_TLS=1 (expired bundled certificate). */
  endpoint: string;
  key: string;
  port: number;
  /** Writes the snapshot now (no-op without dataDir). */
  flush(): Promise<SnapshotStats | undefined>;
  /** Stops accepting requests, writes a final snapshot, closes the server. */
  close(): Promise<void>;
}

// Requests that never change state; everything else marks the account dirty.
function isReadOnly(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  const isQuery = String(req.headers['x-ms-documentdb-isquery'] ?? '').toLowerCase() === 'true';
  return req.method === 'POST' && (isQuery || req.headers['content-type'] === 'application/query+json');
}

/**
 * Mirrors @vercel/cosmosdb-server's own request handler (not exported) with two
 * changes: it tells us when a request may have changed state, and it keeps
 * connections alive (the library closes every connection, which costs a TLS
 * handshake per request).
 */
function handle(account: Account, req: IncomingMessage, res: ServerResponse, onWrite: () => void): void {
  void (async () => {
    const route = matchRoute(req);
    let body: Record<string, unknown> | undefined;
    if (route) {
      const [params, handler] = route;
      try {
        body = (await handler(account, req, res, params)) as Record<string, unknown> | undefined;
      } catch (error) {
        body = { message: (error as Error).message };
        res.statusCode = 500;
      }
      if (res.statusCode > 399 && body && !body.message) body.message = '';
    } else {
      res.statusCode = 400;
      body = { message: 'no route' };
    }
    if (!isReadOnly(req)) onWrite();
    if (body && typeof body._etag === 'string') res.setHeader('etag', body._etag);
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-location', `https://${req.headers.host}${req.url}`);
    res.setHeader('x-ms-activity-id', randomUUID());
    res.setHeader('x-ms-request-charge', '1');
    if (req.headers['a-im'] && res.statusCode === 200) {
      if (req.headers['if-none-match']) res.statusCode = 304;
      res.setHeader('etag', '1');
    }
    res.end(JSON.stringify(body));
  })().catch(() => {
    if (!res.writableEnded) {
      res.statusCode = 500;
      res.end('');
    }
  });
}

export async function startLocalCosmos(options: LocalCosmosOptions): Promise<LocalCosmos> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => console.error(line));
  const snapshotPath = options.dataDir ? join(options.dataDir, 'cosmos', 'snapshot.json') : undefined;
  const intervalMs = options.snapshotIntervalMs ?? 2000;

  // The account's advertised endpoint must be the address clients use, so it is
  // created once the port is known; the snapshot is loaded before we listen.
  let account: Account | undefined;
  let dirty = false;
  const server = createServer(
    {
      cert: readFileSync(certificatePaths.cert),
      key: readFileSync(certificatePaths.key),
      minVersion: 'TLSv1.2',
      // Longer than any client agent's idle timeout, so clients never reuse a
      // socket the server is about to close (ECONNRESET on the next request).
      keepAliveTimeout: 120_000,
    },
    (req, res) => {
      if (!account) {
        res.statusCode = 503;
        res.end('{"message":"starting"}');
        return;
      }
      handle(account, req, res, () => {
        dirty = true;
      });
    },
  );
  server.headersTimeout = 125_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const advertisedHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const fresh = createAccount(advertisedHost, port);
  if (snapshotPath) {
    try {
      const snapshot = await readSnapshotFile(snapshotPath);
      if (snapshot) {
        restoreSnapshot(fresh, snapshot);
        log(`restored ${countDocuments(snapshot)} documents from ${snapshotPath}`);
      }
    } catch (error) {
      server.close();
      throw new Error(`Cannot load Cosmos snapshot ${snapshotPath}: ${(error as Error).message}`);
    }
  }
  account = fresh;
  const liveAccount = fresh;

  let saving: Promise<SnapshotStats | undefined> | undefined;
  async function save(): Promise<SnapshotStats | undefined> {
    if (!snapshotPath) return undefined;
    // One write at a time; a write requested meanwhile follows the current one.
    while (saving) await saving.catch(() => undefined);
    const path = snapshotPath;
    saving = (async () => {
      const started = performance.now();
      dirty = false;
      // Serialized in the same tick as the capture: the snapshot holds references to
      // live resources, so it must be frozen into text before any request runs.
      const snapshot = captureSnapshot(liveAccount);
      const body = JSON.stringify(snapshot);
      const captured = performance.now();
      try {
        await writeSnapshotFile(path, body);
        return {
          documents: countDocuments(snapshot),
          bytes: Buffer.byteLength(body),
          captureMs: captured - started,
          writeMs: performance.now() - captured,
        };
      } catch (error) {
        dirty = true;
        throw error;
      }
    })();
    try {
      return await saving;
    } finally {
      saving = undefined;
    }
  }

  const timer = snapshotPath
    ? setInterval(() => {
        if (!dirty || saving) return;
        save().catch((error: Error) => log(`snapshot failed: ${error.message}`));
      }, intervalMs)
    : undefined;
  timer?.unref();

  let closing: Promise<void> | undefined;
  return {
    endpoint: `https://${advertisedHost.includes(':') ? `[${advertisedHost}]` : advertisedHost}:${port}/`,
    key: LOCAL_COSMOS_KEY,
    port,
    flush: save,
    close() {
      closing ??= (async () => {
        if (timer) clearInterval(timer);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Requests already in flight finish (their writes are in the final snapshot);
        // then anything still open is cut.
        const cut = setTimeout(() => server.closeAllConnections(), 2000);
        await closed;
        clearTimeout(cut);
        if (snapshotPath) await save();
      })();
      return closing;
    },
  };
}
