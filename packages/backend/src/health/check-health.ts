import type { QueueAdapter } from '../queue/queue-adapter.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import { pingStore, readHeartbeat } from './heartbeat-repository.ts';

export type CheckStatus = 'ok' | 'degraded' | 'down';

export interface CheckResult {
  status: CheckStatus;
  latencyMs: number;
  message?: string;
}

export interface HealthBody {
  status: 'ok' | 'degraded';
  region: string;
  version: string;
  checks: Record<string, CheckResult>;
}

export interface HealthDependencies {
  region: string;
  version: string;
  store: () => Promise<CosmosStore>;
  queue: () => QueueAdapter;
  now?: () => Date;
  /** A worker heartbeat older than this marks the region degraded. */
  workerStaleAfterMs?: number;
  timeoutMs?: number;
}

async function timed(
  probe: () => Promise<CheckStatus | { status: CheckStatus; message: string }>,
  timeoutMs: number,
): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    const latencyMs = Math.round(performance.now() - started);
    return typeof outcome === 'string' ? { status: outcome, latencyMs } : { ...outcome, latencyMs };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      message: error instanceof Error ? error.message : 'unreachable',
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The portal's view of its region. Cosmos is the source of truth: without it the
 * portal cannot serve (503, so the front door moves traffic). A dead queue or a
 * silent worker only degrades the region: reads still work, and the reconciler
 * re-sends queued work once they are back.
 */
export async function checkHealth(
  deps: HealthDependencies,
): Promise<{ httpStatus: 200 | 503; body: HealthBody }> {
  const timeoutMs = deps.timeoutMs ?? 2000;
  const now = deps.now ?? (() => new Date());
  const staleAfter = deps.workerStaleAfterMs ?? 30_000;
  const [cosmos, queue, worker] = await Promise.all([
    timed(async () => {
      await pingStore(await deps.store());
      return 'ok';
    }, timeoutMs),
    timed(async () => {
      await deps.queue().ping();
      return 'ok';
    }, timeoutMs),
    timed(async () => {
      const heartbeat = await readHeartbeat(await deps.store(), 'worker', deps.region);
      if (!heartbeat) return { status: 'degraded', message: 'no heartbeat from the region worker yet' };
      const ageMs = now().getTime() - new Date(heartbeat.at).getTime();
      return ageMs > staleAfter
        ? { status: 'degraded', message: `last worker heartbeat ${Math.round(ageMs / 1000)} s ago` }
        : 'ok';
    }, timeoutMs),
  ]);
  const checks = { cosmos, queue, worker };
  const canServe = cosmos.status === 'ok';
  const allOk = Object.values(checks).every((check) => check.status === 'ok');
  return {
    httpStatus: canServe ? 200 : 503,
    body: { status: allOk ? 'ok' : 'degraded', region: deps.region, version: deps.version, checks },
  };
}
