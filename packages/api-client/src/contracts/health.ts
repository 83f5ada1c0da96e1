import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';

export const ZCheckResult = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  latencyMs: z.number(),
  message: z.string().optional(),
});

export const ZHealth = z.object({
  status: z.enum(['ok', 'degraded']),
  region: z.string(),
  version: z.string(),
  checks: z.record(z.string(), ZCheckResult),
});
export type Health = z.infer<typeof ZHealth>;

/** `GET /api/health` on every portal; the front door probes it. 503 carries the same body. */
export const getHealth = defineEndpoint({
  method: 'GET',
  path: '/api/health',
  response: ZHealth,
});
