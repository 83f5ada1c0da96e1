import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalEntraOptions {
  /** 0 picks a free port. */
  port: number;
  /** State root; keys and directory changes live in `<dataDir>/entra/`. Omit for memory only. */
  dataDir?: string;
  /** Host name used in issued URLs and bound to; default `localhost` (binds 127.0.0.1 and ::1). */
  host?: string;
}

export interface LocalEntra {
  /** e.g. http://localhost:3900 — the authority host; tenants live under `/{tenantId}`. */
  url: string;
  close(): Promise<void>;
}

/** Placeholder until the provider lands: answers 503 so callers fail loudly, not silently. */
export async function startLocalEntra(options: LocalEntraOptions): Promise<LocalEntra> {
  const host = options.host ?? 'localhost';
  const server: Server = createServer((_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: 'temporarily_unavailable', error_description: 'local Entra is starting' }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host === 'localhost' ? '127.0.0.1' : host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
