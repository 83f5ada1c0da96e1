import { ConfidentialClientApplication } from '@azure/msal-node';
import { AppError } from '../errors/app-error.ts';
import { msalAuthorityConfig } from './msal-authority.ts';

export interface GraphClientOptions {
  /** https://login.microsoftonline.com, or http://localhost:3900 locally. */
  authorityHost: string;
  /** The tenant whose directory is read; app-only tokens are per tenant. */
  tenantId: string;
  /** The worker app's client id and secret (ENTRA_WORKER_CLIENT_ID / _SECRET). */
  clientId: string;
  clientSecret: string;
  /** https://graph.microsoft.com/v1.0, or http://localhost:3900/graph/v1.0 locally. */
  graphBaseUrl: string;
  /** ENTRA_LOCAL=1. */
  isLocal: boolean;
  fetch?: typeof fetch;
}

export interface GraphClient {
  /** An app-only Graph token; msal-node serves it from its cache until shortly before expiry. */
  getToken(): Promise<string>;
  /**
   * GET/POST/DELETE against Graph. `pathOrUrl` is relative to graphBaseUrl, or an
   * absolute @odata.nextLink / deltaLink under it (anything else is refused, so the
   * token never leaves for another host).
   */
  request<T = unknown>(
    pathOrUrl: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<T>;
}

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

function graphFailure(status: number, code: string, message: string, retryAfter?: number): AppError {
  const text = `Graph request failed (${status} ${code}): ${message}`;
  if (status === 429) return new AppError('TooManyRequests', text, { retryAfter: retryAfter ?? 5 });
  if (status === 404) return new AppError('NotFound', text);
  if (status >= 500) return new AppError('ServiceUnavailable', text, { retryAfter: retryAfter ?? 5 });
  return new AppError('InternalServerError', text);
}

/** Server-side Graph calls as the worker app (client credentials, one tenant). */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const doFetch = options.fetch ?? fetch;
  const base = options.graphBaseUrl.replace(/\/+$/, '');
  let app: Promise<ConfidentialClientApplication> | undefined;

  function client(): Promise<ConfidentialClientApplication> {
    app ??= msalAuthorityConfig({
      authorityHost: options.authorityHost,
      tenant: options.tenantId,
      isLocal: options.isLocal,
      fetch: doFetch,
    }).then(
      (authority) =>
        new ConfidentialClientApplication({
          auth: { clientId: options.clientId, clientSecret: options.clientSecret, ...authority },
        }),
    );
    // A failed metadata fetch must not poison every later call.
    app.catch(() => {
      app = undefined;
    });
    return app;
  }

  async function getToken(): Promise<string> {
    const cca = await client();
    const result = await cca.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
    if (!result?.accessToken) throw new AppError('ServiceUnavailable', 'No Graph token was issued.');
    return result.accessToken;
  }

  async function request<T>(
    pathOrUrl: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const url = /^https?:\/\//i.test(pathOrUrl)
      ? pathOrUrl
      : `${base}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
    if (!url.startsWith(`${base}/`))
      throw new AppError('InternalServerError', `Refusing to send a Graph token to ${url}.`);
    let response: Response;
    try {
      const headers: Record<string, string> = {
        authorization: `Bearer ${await getToken()}`,
        accept: 'application/json',
        ...init.headers,
      };
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      response = await doFetch(url, {
        method: init.method ?? 'GET',
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
    } catch (error) {
      if (error instanceof AppError) throw error;
      // Entra or Graph unreachable (network, DNS, TLS, a token endpoint down): the caller
      // may retry; it is not our bug, so not a 500.
      throw new AppError('ServiceUnavailable', 'Microsoft Graph could not be reached; try again shortly.', {
        retryAfter: 5,
        cause: error,
      });
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (!response.ok) {
      let code = 'Unknown';
      let message = text.slice(0, 300);
      try {
        const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
        code = parsed.error?.code ?? code;
        message = parsed.error?.message ?? message;
      } catch {
        // Not JSON: keep the raw text.
      }
      const retryAfter = Number(response.headers.get('retry-after')) || undefined;
      throw graphFailure(response.status, code, message, retryAfter);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return { getToken, request };
}
