/**
 * A cookie that only says "this browser was signed in here last time", so the server can
 * render "Signing you in…" instead of the signed-out landing and nothing flashes while MSAL
 * starts. It holds no token and grants nothing; a stale or forged hint costs one spinner.
 * Each portal names its own (cookies ignore the port, and both portals share `localhost`
 * locally); the name travels to the browser in PortalAuthConfig.
 */
const MAX_AGE_SECONDS = 14 * 24 * 3600;

export function writeSessionHint(cookie: string, isSignedIn: boolean): void {
  if (typeof document === 'undefined') return;
  const has = document.cookie.split('; ').some((entry) => entry.startsWith(`${cookie}=`));
  if (has === isSignedIn) return;
  // biome-ignore lint/suspicious/noDocumentCookie: a plain flag; the Cookie Store API is not in every browser we support.
  document.cookie = isSignedIn
    ? `${cookie}=1; Path=/; Max-Age=${MAX_AGE_SECONDS}; SameSite=Lax`
    : `${cookie}=; Path=/; Max-Age=0; SameSite=Lax`;
}
