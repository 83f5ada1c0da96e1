import { NextResponse } from 'next/server';
import { portalEnv } from './env.ts';

/**
 * Stamps every response, pages, API and assets alike, with the region that served it.
 * `next.config` headers are frozen at build time; the proxy runs in the server process
 * (Node.js runtime), so the same build answers `eastus` or `westus` by its environment.
 */
export function proxy() {
  const response = NextResponse.next();
  response.headers.set('x-cloudpc-region', portalEnv().region);
  return response;
}

/**
 * API and health routes stamp the region themselves (the backend's portal API and the
 * health route): running the proxy in front of them cost about a millisecond of CPU per
 * call, the largest single item in an API request's budget (bench/api).
 */
export const config = { matcher: ['/((?!api/v1.0/|api/health).*)'] };
