import { z } from 'zod';

/**
 * The only module of the user portal that reads process.env. Read at request time, never
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

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}

export function portalEnv(): PortalEnv {
  if (!cached) {
    const parsed = ZPortalEnv.safeParse(process.env);
    if (!parsed.success) throw new Error(`Invalid user portal configuration: ${describe(parsed.error)}`);
    cached = { region: parsed.data.CLOUDPC_REGION };
  }
  return cached;
}

const ZEntraEnv = z.object({
  ENTRA_AUTHORITY_HOST: z.url({
    protocol: /^https?$/,
    error: 'an http(s) URL such as http://localhost:3900',
  }),
  ENTRA_USER_PORTAL_CLIENT_ID: z.string().min(1, 'the user portal app registration client id'),
  ENTRA_LOCAL: z
    .enum(['1', '0', 'true', 'false', ''])
    .optional()
    .transform((value) => value === '1' || value === 'true'),
});

export interface EntraEnv {
  /** http://localhost:3900 locally, https://login.microsoftonline.com against Entra ID. */
  authorityHost: string;
  /** This portal's SPA registration. */
  clientId: string;
  /** ENTRA_LOCAL=1: MSAL workarounds for the local, plain-http identity provider. */
  isLocal: boolean;
}

export type EntraEnvResult = { ok: true; value: EntraEnv } | { ok: false; problem: string };

let cachedEntra: EntraEnvResult | undefined;

/**
 * Sign-in settings (docs/entra-setup.md). Separate from portalEnv so that a portal without
 * them still serves its health check and landing page and says why sign-in is unavailable.
 */
export function entraEnv(): EntraEnvResult {
  if (!cachedEntra) {
    const parsed = ZEntraEnv.safeParse(process.env);
    cachedEntra = parsed.success
      ? {
          ok: true,
          value: {
            authorityHost: parsed.data.ENTRA_AUTHORITY_HOST,
            clientId: parsed.data.ENTRA_USER_PORTAL_CLIENT_ID,
            isLocal: parsed.data.ENTRA_LOCAL,
          },
        }
      : { ok: false, problem: describe(parsed.error) };
  }
  return cachedEntra;
}
