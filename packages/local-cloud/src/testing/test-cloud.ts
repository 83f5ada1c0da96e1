import { inject } from 'vitest';

/** What the integration project's global setup started, for tests to connect to. */
export interface TestCloud {
  cosmos: { endpoint: string; key: string };
  queues: { connectionString: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    cloudpcTestCloud: TestCloud;
  }
}

/**
 * The local Cosmos and Azurite of this test run. Only available in `*.int.test.ts`
 * (the `integration` project); each test should use its own database or queue names.
 */
export function getTestCloud(): TestCloud {
  const cloud = inject('cloudpcTestCloud');
  if (!cloud) throw new Error('getTestCloud() needs the integration project (a *.int.test.ts file)');
  return cloud;
}
