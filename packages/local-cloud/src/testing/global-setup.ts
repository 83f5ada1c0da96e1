import type { TestProject } from 'vitest/node';
import { startLocalCosmos } from '../cosmos/index.ts';
import { freePort } from '../process/ports.ts';
import { startLocalQueues } from '../queues/index.ts';
import type { TestCloud } from './test-cloud.ts';

/**
 * Global setup of the `integration` project: one memory-only Cosmos and one
 * in-memory Azurite on free ports for the whole run. Tests reach them through
 * getTestCloud(); code under test that reads configuration from the environment
 * finds them in COSMOS_* and QUEUE_CONNECTION_STRING (test workers are forked after
 * this runs and inherit this process's environment).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cosmos = await startLocalCosmos({ port: 0 });
  // Azurite's banner would clutter every test run; it is shown only if start fails.
  const azuriteOutput: string[] = [];
  let queues: Awaited<ReturnType<typeof startLocalQueues>>;
  try {
    queues = await startLocalQueues({
      port: await freePort(),
      region: 'test',
      output: (line) => azuriteOutput.push(line),
    });
  } catch (error) {
    await cosmos.close();
    console.error(azuriteOutput.join('\n'));
    throw error;
  }
  const cloud: TestCloud = {
    cosmos: { endpoint: cosmos.endpoint, key: cosmos.key },
    queues: { connectionString: queues.connectionString },
  };
  project.provide('cloudpcTestCloud', cloud);
  process.env.COSMOS_ENDPOINT = cosmos.endpoint;
  process.env.COSMOS_KEY = cosmos.key;
  process.env.COSMOS_INSECURE_TLS = '1';
  process.env.QUEUE_CONNECTION_STRING = queues.connectionString;

  return async () => {
    await Promise.allSettled([queues.close(), cosmos.close()]);
  };
}
