/**
 * msal-browser 5 renews tokens in a hidden iframe (and would run popups) that load the
 * redirect URI, `/`, with the authorization response in the URL. That page must hand the
 * response to the main window through the redirect bridge and do nothing else: starting
 * MSAL there would consume the response. The registered redirect URI is `/` only, so every
 * page checks; `/` is served without COOP headers so the bridge can reach its opener.
 */
export function isRedirectBridge(): boolean {
  if (typeof window === 'undefined') return false;
  const isFramed = window.parent !== window || Boolean(window.opener);
  return isFramed && hasAuthResponse(window.location);
}

export function hasAuthResponse(location: Pick<Location, 'hash' | 'search'>): boolean {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const query = new URLSearchParams(location.search);
  return fragment.has('state') || query.has('state');
}

// Read when the page loads, before MSAL takes the response out of the URL.
const loadedWithAuthResponse = typeof window !== 'undefined' && hasAuthResponse(window.location);

/** The page was opened by the identity provider's redirect back: a sign-in is completing. */
export function isReturningFromSignIn(): boolean {
  return loadedWithAuthResponse && !isRedirectBridge();
}

let started = false;

export function runRedirectBridge(): void {
  if (started) return;
  started = true;
  // Loaded only inside the iframe or popup: the main window never needs it.
  import('@azure/msal-browser/redirect-bridge')
    .then(({ broadcastResponseToMainFrame }) => broadcastResponseToMainFrame())
    .catch((error: unknown) => {
      // The main window times out and falls back to an interactive sign-in.
      console.warn('MSAL redirect bridge could not forward the response', error);
    });
}
