import { portalProxy } from '@cloudpc/ui/proxy';
import type { NextRequest } from 'next/server';
import { entraEnv, portalEnv } from './env.ts';

/** Region stamp and security headers on every page and asset (packages/ui/src/next/portal-proxy.ts). */
export function proxy(request: NextRequest) {
  const entra = entraEnv();
  return portalProxy(request, {
    region: portalEnv().region,
    authorityHost: entra.ok ? entra.value.authorityHost : '',
  });
}

/**
 * API and health routes stamp the region themselves (the backend's portal API and the
 * health route): running the proxy in front of them cost about a millisecond of CPU per
 * call, the largest single item in an API request's budget (bench/api).
 */
export const config = { matcher: ['/((?!api/v1.0/|api/health).*)'] };
