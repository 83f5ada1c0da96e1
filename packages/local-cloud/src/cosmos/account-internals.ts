import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type AccountClass from '@vercel/cosmosdb-server/lib/account';
import { installQueryCache } from './query-cache.ts';

/**
 * @vercel/cosmosdb-server keeps its Account (databases -> collections -> documents)
 * in a closure of createHttpsServer, out of reach. Persistence needs that object, so
 * we build the server ourselves from the package's own Account class and route table.
 * Both are plain CommonJS modules inside `lib/` (the package has no `exports` map).
 */
const require = createRequire(import.meta.url);
installQueryCache();

export type Account = AccountClass;
type Handler = (
  account: Account,
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string>,
) => Promise<unknown> | unknown;

const { default: AccountCtor } = require('@vercel/cosmosdb-server/lib/account') as {
  default: new (host: string, port: number) => Account;
};
const { default: matchRoute } = require('@vercel/cosmosdb-server/lib/routes') as {
  default: (req: IncomingMessage) => [Record<string, string>, Handler] | undefined;
};

export const certificatePaths = {
  cert: require.resolve('@vercel/cosmosdb-server/cert.pem'),
  key: require.resolve('@vercel/cosmosdb-server/key.pem'),
};

export function createAccount(host: string, port: number): Account {
  return new AccountCtor(host, port);
}

export { matchRoute };
