import { type Agent, request } from 'node:http';

export interface ProbeLoopOptions {
  url: string;
  method: 'HEAD' | 'GET';
  intervalMs: number;
  timeoutMs: number;
  agent: Agent;
  /** latencyMs: request sent to last byte received, as Front Door measures it. */
  onSample: (ok: boolean, latencyMs: number) => void;
}

export interface ProbeLoop {
  stop(): void;
}

/** One HEAD or GET; only a 200 answer within the timeout counts as success (as in Front Door). */
function probeOnce(
  url: string,
  method: 'HEAD' | 'GET',
  timeoutMs: number,
  agent: Agent,
  signal: AbortSignal,
): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, {
      method,
      agent,
      signal,
      // Front Door's probes say who they are; origins may keep them out of their logs.
      headers: { 'user-agent': 'Edge Health Probe' },
    });
    const timer = setTimeout(() => req.destroy(new Error('probe timeout')), timeoutMs);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      resolve(ok);
    };
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => done(res.statusCode === 200));
      res.once('error', () => done(false));
    });
    req.once('error', () => done(false));
    req.end();
  });
}

/**
 * Probes one origin every `intervalMs` (measured start to start). Probes of one
 * origin never overlap: a slow one delays the next instead of piling up.
 */
export function startProbeLoop(options: ProbeLoopOptions): ProbeLoop {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    const started = Date.now();
    const ok = await probeOnce(
      options.url,
      options.method,
      options.timeoutMs,
      options.agent,
      controller.signal,
    );
    if (controller.signal.aborted) return;
    options.onSample(ok, Date.now() - started);
    timer = setTimeout(tick, Math.max(0, options.intervalMs - (Date.now() - started)));
  };
  timer = setTimeout(tick, 0);
  return {
    stop() {
      controller.abort();
      if (timer) clearTimeout(timer);
    },
  };
}
