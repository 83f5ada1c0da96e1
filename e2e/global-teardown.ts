import { rm } from 'node:fs/promises';
import { AUTH_DIR_ENV } from './support/identities.ts';
import { STACK_HANDLE } from './support/local-cloud.ts';

type WithStack = typeof globalThis & {
  [STACK_HANDLE]?: { cloud: { stop(): Promise<void> }; dataDir: string; close: () => void };
};

/** Stops every process global setup started. */
export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as WithStack)[STACK_HANDLE];
  if (!handle) return;
  try {
    await handle.cloud.stop();
  } finally {
    handle.close();
    // Only the run registry lived there (persist: false); the directory was made for this run.
    await rm(handle.dataDir, { recursive: true, force: true });
    // Tokens for a local cloud that no longer exists.
    const authDir = process.env[AUTH_DIR_ENV];
    if (authDir) await rm(authDir, { recursive: true, force: true });
    delete (globalThis as WithStack)[STACK_HANDLE];
  }
}
