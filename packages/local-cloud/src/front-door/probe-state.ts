/**
 * The front door's decisions, free of I/O: how probe samples turn into origin
 * health (Azure Front Door's "N successful samples out of the last M"), and which
 * origin serves a request (highest-priority healthy group, weighted inside it).
 */

export interface ProbeSettings {
  /** Path probed with GET on every origin. */
  path: string;
  intervalMs: number;
  /** A probe slower than this counts as failed. */
  timeoutMs: number;
  /** M: how many recent samples are considered. */
  sampleSize: number;
  /** N: how many of those must have succeeded for the origin to be healthy. */
  successfulSamplesRequired: number;
}

/** Local default: fast enough that a stopped region is noticed in about a second. */
export const FAST_PROBE: ProbeSettings = {
  path: '/api/health',
  intervalMs: 500,
  timeoutMs: 1000,
  sampleSize: 4,
  successfulSamplesRequired: 3,
};

export function validateProbeSettings(settings: ProbeSettings): ProbeSettings {
  const { sampleSize, successfulSamplesRequired, intervalMs, timeoutMs } = settings;
  if (!Number.isInteger(sampleSize) || sampleSize < 1)
    throw new Error('probe.sampleSize must be a positive integer');
  if (
    !Number.isInteger(successfulSamplesRequired) ||
    successfulSamplesRequired < 1 ||
    successfulSamplesRequired > sampleSize
  ) {
    throw new Error('probe.successfulSamplesRequired must be between 1 and probe.sampleSize');
  }
  if (!(intervalMs > 0) || !(timeoutMs > 0))
    throw new Error('probe.intervalMs and probe.timeoutMs must be positive');
  if (!settings.path.startsWith('/')) throw new Error('probe.path must start with /');
  return settings;
}

export interface OriginHealth {
  /** Most recent last; at most sampleSize entries. */
  samples: readonly boolean[];
  healthy: boolean;
}

/**
 * A new origin starts healthy (its window is full of successes), as a newly added
 * Front Door origin does: traffic is not held back waiting for probes, and a dead
 * origin is detected after `sampleSize - successfulSamplesRequired + 1` failures.
 */
export function initialHealth(settings: ProbeSettings): OriginHealth {
  return { samples: Array.from({ length: settings.sampleSize }, () => true), healthy: true };
}

export function recordSample(state: OriginHealth, ok: boolean, settings: ProbeSettings): OriginHealth {
  const samples = [...state.samples, ok].slice(-settings.sampleSize);
  const successes = samples.filter(Boolean).length;
  return { samples, healthy: successes >= settings.successfulSamplesRequired };
}

export interface RoutableOrigin {
  name: string;
  /** Lower is preferred (1 before 2), as in Front Door. */
  priority: number;
  /** Share of traffic among healthy origins of the same priority. */
  weight: number;
  healthy: boolean;
}

function byPriority<T extends RoutableOrigin>(a: T, b: T): number {
  return a.priority - b.priority;
}

/** Weighted choice; `random` in [0, 1). Zero weights only win when all weights are zero. */
function weightedPick<T extends RoutableOrigin>(group: readonly T[], random: number): T | undefined {
  const total = group.reduce((sum, o) => sum + Math.max(0, o.weight), 0);
  if (total <= 0) return group[Math.min(group.length - 1, Math.floor(random * group.length))];
  let point = random * total;
  for (const origin of group) {
    point -= Math.max(0, origin.weight);
    if (point < 0) return origin;
  }
  return group[group.length - 1];
}

/**
 * Every origin, in the order a request should try them. The first is chosen from
 * the highest-priority healthy group by weight; when no origin is healthy, from all
 * origins by weight (better to try than to fail everything on a probe glitch). The
 * rest follow by health, then priority: the passive-failover candidates.
 */
export function routingOrder<T extends RoutableOrigin>(origins: readonly T[], random: number): T[] {
  if (origins.length === 0) return [];
  const healthy = origins.filter((o) => o.healthy);
  let first: T | undefined;
  if (healthy.length > 0) {
    const top = Math.min(...healthy.map((o) => o.priority));
    first = weightedPick(
      healthy.filter((o) => o.priority === top),
      random,
    );
  } else {
    first = weightedPick(origins, random);
  }
  const rest = origins
    .filter((o) => o !== first)
    .sort((a, b) => Number(b.healthy) - Number(a.healthy) || byPriority(a, b));
  return first ? [first, ...rest] : rest;
}

/** Methods Front Door may replay on another origin: they carry no body and change nothing. */
export function isReplayable(method: string | undefined): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}
