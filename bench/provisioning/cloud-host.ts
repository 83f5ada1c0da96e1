/**
 * Hosts the local Cosmos and the local Entra (with its Graph) in a process of their
 * own, as `npm start` does, so the benchmark's worker does not share an event loop
 * with the servers it talks to. Prints one JSON line with the addresses, then runs
 * until SIGTERM.
 */
import { startLocalCosmos } from '../../packages/local-cloud/src/cosmos/index.ts';
import { startLocalEntra } from '../../packages/local-cloud/src/entra/index.ts';

const cosmos = await startLocalCosmos({ port: 0, log: () => undefined });
const entra = await startLocalEntra({ port: 0 });
process.stdout.write(
  `${JSON.stringify({ cosmosEndpoint: cosmos.endpoint, cosmosKey: cosmos.key, entraUrl: entra.url })}\n`,
);

const stop = async () => {
  await Promise.allSettled([entra.close(), cosmos.close()]);
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
