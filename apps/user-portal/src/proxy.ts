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
