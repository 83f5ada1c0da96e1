import { STACK_HANDLE } from './support/local-cloud.ts';

type WithStack = typeof globalThis & {
  [STACK_HANDLE]?: { cloud: { stop(): Promise<void> }; close: () => void };
};

/** Stops every process global setup started. */
export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as WithStack)[STACK_HANDLE];
  if (!handle) return;
  try {
    await handle.cloud.stop();
  } finally {
    handle.close();
    delete (globalThis as WithStack)[STACK_HANDLE];
  }
}
