import { getRegionHealth } from '@cloudpc/backend/runtime';
import { portalEnv } from '../../../env.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Not cached anywhere; stamped with the region (the proxy skips API routes). */
const headers = () => ({ 'cache-control': 'no-store', 'x-cloudpc-region': portalEnv().region });

/** The front door's probe: 200 while this region can serve, 503 when it cannot. */
export async function GET(): Promise<Response> {
  try {
    const { httpStatus, body } = await getRegionHealth();
    return Response.json(body, { status: httpStatus, headers: headers() });
  } catch (error) {
    // Health must answer even when the runtime cannot start (bad configuration): a 503
    // takes the region out of rotation; the details go to the log, not to the caller.
    console.error('health check failed', error);
    return Response.json(
      {
        status: 'degraded',
        region: portalEnv().region,
        version: 'unknown',
        checks: { runtime: { status: 'down', latencyMs: 0, message: 'health check failed; see server log' } },
      },
      { status: 503, headers: headers() },
    );
  }
}
