import { z } from 'zod';

/**
 * The only module of the admin portal that reads process.env. Read at request time, never
 * at build time: one build serves every region, and the region comes from the process
 * that runs it (`CLOUDPC_REGION=westus next start`).
 */
const ZPortalEnv = z.object({
  CLOUDPC_REGION: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'a lowercase Azure region name such as eastus')
    .default('eastus'),
});

export interface PortalEnv {
  /** The region this server runs in; reported on every response and on the page. */
  region: string;
}

let cached: PortalEnv | undefined;

export function portalEnv(): PortalEnv {
  if (!cached) {
    const parsed = ZPortalEnv.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      throw new Error(`Invalid admin portal configuration: ${problems.join('; ')}`);
    }
    cached = { region: parsed.data.CLOUDPC_REGION };
  }
  return cached;
}
