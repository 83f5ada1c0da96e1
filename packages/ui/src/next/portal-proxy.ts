import { type NextRequest, NextResponse } from 'next/server';
import { securityHeaders } from './security-headers.ts';

export interface PortalProxyOptions {
  region: string;
  authorityHost: string;
  gatewayUrl?: string | null;
}

/**
 * The body of both portals' `proxy.ts`, for pages and assets (API routes set their own
 * headers). Stamps the serving region (`next.config` headers are frozen at build time;
 * this runs in the server process, so one build answers eastus or westus by its
 * environment) and the security headers with a fresh script nonce, which Next reads from
 * the request's Content-Security-Policy and puts on its own scripts.
 */
export function portalProxy(request: NextRequest, options: PortalProxyOptions): NextResponse {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const https = request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  const headers = securityHeaders({
    nonce,
    authorityOrigin: options.authorityHost,
    gatewayOrigin: options.gatewayUrl ?? null,
    https,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', headers['content-security-policy'] as string);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  response.headers.set('x-cloudpc-region', options.region);
  return response;
}
