import type { z } from 'zod';
import type { Endpoint } from './endpoint.ts';

/** The Graph error envelope as the client sees it, with the request id for support. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: { target: string; message: string }[];
  readonly requestId: string | undefined;
  readonly retryAfter: number | undefined;

  constructor(options: {
    status: number;
    code: string;
    message: string;
    details?: { target: string; message: string }[];
    requestId?: string | undefined;
    retryAfter?: number | undefined;
  }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.details = options.details ?? [];
    this.requestId = options.requestId;
    this.retryAfter = options.retryAfter;
  }

  /** The message for one field, for forms that show server errors next to their inputs. */
  fieldError(target: string): string | undefined {
    return this.details.find((detail) => detail.target === target)?.message;
  }
}

export interface ApiClientOptions {
  /** Origin the API is served from; '' for same-origin in the browser. */
  baseUrl: string;
  /** A bearer token, acquired silently; called per request so refreshes are picked up. */
  getToken: () => Promise<string | undefined>;
  fetch?: typeof fetch;
}

export interface CallOptions<TBody, TQuery> {
  params?: Record<string, string>;
  query?: TQuery;
  body?: TBody;
  ifMatch?: string;
  signal?: AbortSignal;
}

export interface CallResult<T> {
  data: T;
  etag: string | undefined;
}

type Infer<T> = T extends z.ZodType ? z.input<T> : undefined;

function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

/**
 * The typed client: every call names its contract, so the path, the body and the
 * parsed response are the ones the route handler uses. Errors arrive as ApiError
 * carrying Graph's code, field details and the request id.
 */
export function createApiClient(options: ApiClientOptions) {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function call<
    TResponse extends z.ZodType,
    TBody extends z.ZodType | undefined,
    TQuery extends z.ZodType | undefined,
  >(
    endpoint: Endpoint<TResponse, TBody, TQuery>,
    callOptions: CallOptions<Infer<TBody>, Infer<TQuery>> = {},
  ): Promise<CallResult<z.infer<TResponse>>> {
    const url = new URL(fillPath(endpoint.path, callOptions.params), options.baseUrl || 'http://same-origin');
    for (const [key, value] of Object.entries((callOptions.query ?? {}) as Record<string, unknown>)) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = await options.getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    if (callOptions.ifMatch) headers['if-match'] = callOptions.ifMatch;
    let body: string | undefined;
    if (callOptions.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(callOptions.body);
    }
    const target = options.baseUrl ? url.toString() : `${url.pathname}${url.search}`;
    const response = await doFetch(target, {
      method: endpoint.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(callOptions.signal ? { signal: callOptions.signal } : {}),
    });
    const requestId = response.headers.get('x-request-id') ?? undefined;
    if (!response.ok) {
      let envelope: {
        error?: { code?: string; message?: string; details?: { target: string; message: string }[] };
      } = {};
      try {
        envelope = (await response.json()) as typeof envelope;
      } catch {
        // not JSON (a proxy error page): keep the status
      }
      const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
      throw new ApiError({
        status: response.status,
        code: envelope.error?.code ?? `Http${response.status}`,
        message: envelope.error?.message ?? `The service answered ${response.status}.`,
        details: envelope.error?.details ?? [],
        requestId,
        retryAfter: Number.isFinite(retryAfter) ? retryAfter : undefined,
      });
    }
    const etag = response.headers.get('etag') ?? undefined;
    if (response.status === 204) return { data: undefined as z.infer<TResponse>, etag };
    const json: unknown = await response.json();
    return { data: endpoint.response.parse(json), etag };
  }

  return { call };
}

export type ApiClient = ReturnType<typeof createApiClient>;
