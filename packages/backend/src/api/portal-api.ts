import { platformConfig } from '../config/env.ts';
import { createDispatcher } from '../http/dispatch.ts';
import { authenticate } from '../identity/authenticate.ts';
import { logger } from '../observability/logger.ts';
import { getStore } from '../runtime.ts';
import { adminRoutes } from './admin-routes.ts';
import { meRoutes } from './me-routes.ts';

/**
 * The request handler a portal's catch-all API route exports. One per process,
 * configured from the environment: the same code serves the local cloud and Azure.
 */
export function createPortalApi(portal: 'admin' | 'user'): (request: Request) => Promise<Response> {
  const config = platformConfig();
  const dispatch = createDispatcher({
    routes: portal === 'admin' ? adminRoutes : meRoutes,
    authenticate: (request) =>
      authenticate(request, {
        authorityHost: config.identity.authorityHost,
        apiClientId: config.identity.apiClientId,
        knownTenants: config.identity.knownTenants,
      }),
    store: getStore,
    region: config.region,
    logger,
    rateLimit: config.rateLimit,
  });
  // The portals' proxy skips API routes (it costs CPU on every call), so the region
  // stamp every response carries (api-contract section 1) is added here.
  return async (request) => {
    const response = await dispatch(request);
    response.headers.set('x-cloudpc-region', config.region);
    // JSON only: nothing in an API answer may run, be framed or be sniffed as HTML.
    response.headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    response.headers.set('x-content-type-options', 'nosniff');
    return response;
  };
}
