import { z } from 'zod';

/**
 * The connection gateway's own settings (Cosmos, Entra and the ticket secret come
 * from config/env.ts). `npm start` runs one per region: eastus on 3102, westus on 3202,
 * both behind the front door's gateway endpoint (:3002).
 */
const ZGatewayEnv = z.object({
  CLOUDPC_GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(3102),
  CLOUDPC_GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  CLOUDPC_COMPUTE_PROVIDER: z.enum(['simulated', 'local-desktop']).default('simulated'),
  CLOUDPC_GATEWAY_PING_MS: z.coerce.number().int().min(100).default(5_000),
  CLOUDPC_GATEWAY_REPORT_MS: z.coerce.number().int().min(100).default(30_000),
});

export interface GatewayEnv {
  port: number;
  host: string;
  computeProvider: 'simulated' | 'local-desktop';
  pingIntervalMs: number;
  reportIntervalMs: number;
}

export function loadGatewayEnv(env: NodeJS.ProcessEnv = process.env): GatewayEnv {
  const parsed = ZGatewayEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid gateway configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.CLOUDPC_GATEWAY_PORT,
    host: e.CLOUDPC_GATEWAY_HOST,
    computeProvider: e.CLOUDPC_COMPUTE_PROVIDER,
    pingIntervalMs: e.CLOUDPC_GATEWAY_PING_MS,
    reportIntervalMs: e.CLOUDPC_GATEWAY_REPORT_MS,
  };
}
