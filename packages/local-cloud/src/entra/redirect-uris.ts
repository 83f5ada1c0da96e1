const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * Entra matches redirect URIs exactly, except that for http://localhost (and the
 * loopback addresses) it ignores the port: a registered `http://localhost:3000/`
 * also admits `http://localhost:53817/`. Tests rely on this to run portals on
 * free ports. Scheme, host, path and query must still match.
 */
export function isRedirectUriAllowed(requested: string, registered: readonly string[]): boolean {
  if (registered.includes(requested)) return true;
  const wanted = URL.parse(requested);
  if (!wanted || !isLoopbackHttp(wanted) || wanted.hash) return false;
  return registered.some((candidate) => {
    const allowed = URL.parse(candidate);
    return (
      allowed !== null &&
      isLoopbackHttp(allowed) &&
      allowed.hostname === wanted.hostname &&
      allowed.pathname === wanted.pathname &&
      allowed.search === wanted.search &&
      allowed.username === wanted.username &&
      allowed.password === wanted.password
    );
  });
}

/** An SPA may call the token endpoint from any origin of its redirect URIs (any port on localhost). */
export function originAllowedFor(origin: string, redirectUris: readonly string[]): boolean {
  if (!origin || origin === 'null') return false;
  const o = URL.parse(origin);
  if (!o) return false;
  return redirectUris.some((uri) => {
    const r = URL.parse(uri);
    if (!r) return false;
    if (r.origin === o.origin) return true;
    return isLoopbackHttp(r) && isLoopbackHttp(o) && r.hostname === o.hostname;
  });
}
