import { createHash } from 'node:crypto';
import { themeInitScript } from '../theme/theme-preference.ts';

/**
 * The portals' security headers, built per page request by each portal's proxy (server
 * only: this module is its own entry, `@cloudpc/ui/security-headers`).
 *
 * Scripts: only Next's own (carrying the request's nonce, which Next reads from the CSP
 * request header), what they load ('strict-dynamic'), and the constant theme script by
 * its hash. No 'unsafe-inline' for scripts. Styles keep 'unsafe-inline': Griffel (Fluent
 * UI) inserts <style> elements at run time.
 */
export const THEME_SCRIPT_HASH = `sha256-${createHash('sha256').update(themeInitScript).digest('base64')}`;

export interface SecurityHeaderOptions {
  /** Fresh per request, base64. */
  nonce: string;
  /** Where MSAL signs in and fetches tokens (e.g. https://login.microsoftonline.com). */
  authorityOrigin: string;
  /** The desktop gateway's WebSocket origin (user portal), if any. */
  gatewayOrigin?: string | null;
  /** Served over https (directly or behind the front door): HSTS and upgrades. */
  https: boolean;
}

function originOf(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  const authority = originOf(options.authorityOrigin);
  // `new URL('ws://host:1').origin` is 'null' for ws(s): keep scheme, host and port.
  const gateway = options.gatewayOrigin ? /^wss?:\/\/[^/\s]+/.exec(options.gatewayOrigin)?.[0] : undefined;
  const extra = (...sources: (string | undefined)[]) => sources.filter(Boolean).join(' ');
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' '${THEME_SCRIPT_HASH}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${extra("'self'", authority, gateway)}`,
    // MSAL renews tokens in a hidden iframe that visits the authority, then our bridge page.
    `frame-src ${extra("'self'", authority)}`,
    "frame-ancestors 'self'",
    `form-action ${extra("'self'", authority)}`,
    "object-src 'none'",
    "base-uri 'self'",
    "worker-src 'self' blob:",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(options),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    // The remote desktop uses the clipboard; nothing here needs devices or location.
    'permissions-policy':
      'camera=(), microphone=(), geolocation=(), clipboard-read=(self), clipboard-write=(self)',
    ...(options.https ? { 'strict-transport-security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}
