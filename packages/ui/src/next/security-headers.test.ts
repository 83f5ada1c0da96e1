import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { themeInitScript } from '../theme/theme-preference.ts';
import { contentSecurityPolicy, securityHeaders, THEME_SCRIPT_HASH } from './security-headers.ts';

const base = { nonce: 'bm9uY2U=', authorityOrigin: 'http://localhost:3900', https: false };

function directive(csp: string, name: string): string[] {
  const found = csp.split('; ').find((part) => part.startsWith(`${name} `));
  return found ? found.split(' ').slice(1) : [];
}

describe('contentSecurityPolicy', () => {
  it('allows scripts only by nonce, by the theme script hash and through strict-dynamic', () => {
    const scripts = directive(contentSecurityPolicy(base), 'script-src');
    expect(scripts).toContain("'nonce-bm9uY2U='");
    expect(scripts).toContain("'strict-dynamic'");
    expect(scripts.join(' ')).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    const hash = createHash('sha256').update(themeInitScript).digest('base64');
    expect(scripts).toContain(`'sha256-${hash}'`);
    expect(THEME_SCRIPT_HASH).toBe(`sha256-${hash}`);
  });

  it('lets MSAL reach and frame the authority, and the session page reach the gateway, nothing else', () => {
    const csp = contentSecurityPolicy({ ...base, gatewayOrigin: 'ws://localhost:3002/desktop' });
    expect(directive(csp, 'connect-src')).toEqual(["'self'", 'http://localhost:3900', 'ws://localhost:3002']);
    expect(directive(csp, 'frame-src')).toEqual(["'self'", 'http://localhost:3900']);
    expect(directive(csp, 'frame-ancestors')).toEqual(["'self'"]);
    expect(directive(csp, 'object-src')).toEqual(["'none'"]);
  });

  it('ignores a gateway or authority that is not a URL instead of widening the policy', () => {
    const csp = contentSecurityPolicy({
      ...base,
      authorityOrigin: 'not a url',
      gatewayOrigin: 'javascript:x',
    });
    expect(directive(csp, 'connect-src')).toEqual(["'self'"]);
  });
});

describe('securityHeaders', () => {
  it('sends HSTS and upgrade-insecure-requests only over https', () => {
    expect(securityHeaders(base)['strict-transport-security']).toBeUndefined();
    expect(securityHeaders(base)['content-security-policy']).not.toContain('upgrade-insecure-requests');
    const secure = securityHeaders({ ...base, https: true });
    expect(secure['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(secure['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(secure['x-content-type-options']).toBe('nosniff');
  });
});
