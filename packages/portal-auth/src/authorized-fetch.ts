export interface AuthorizedFetchOptions {
  /** A fresh token from the identity provider, bypassing MSAL's cache. */
  refreshToken: () => Promise<string | undefined>;
  /** Called when even a fresh token is refused: the session needs an interactive sign-in. */
  onRejected: () => void;
  fetch?: typeof fetch;
}

function withBearer(init: RequestInit | undefined, token: string): RequestInit {
  const headers = new Headers(init?.headers);
  headers.set('authorization', `Bearer ${token}`);
  return { ...init, headers };
}

function hadBearer(init: RequestInit | undefined): boolean {
  return new Headers(init?.headers).has('authorization');
}

/**
 * The fetch the API client uses. A 401 means the API refused the token before doing
 * anything (a refused request changes nothing), so the request is sent once more with a
 * token fetched from the identity provider: an access token revoked or expired early
 * recovers without a page reload. If the fresh token is refused too, `onRejected` decides
 * (usually an interactive sign-in) and the caller still gets the 401.
 */
export function createAuthorizedFetch(options: AuthorizedFetchOptions): typeof fetch {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await doFetch(input, init);
    if (response.status !== 401 || !hadBearer(init)) return response;
    const token = await options.refreshToken();
    if (!token) return response;
    const retried = await doFetch(input, withBearer(init, token));
    if (retried.status === 401) options.onRejected();
    return retried;
  };
}
