import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../audit/actor.ts';
import { AppError, type ErrorDetail } from '../errors/app-error.ts';
import { toGraphError } from '../errors/http-errors.ts';
import { loadTelemetryEnv } from '../observability/env.ts';
import type { Logger } from '../observability/logger.ts';
import {
  extractTraceContext,
  inSpan,
  recordRequest,
  SpanKind,
  startTelemetry,
} from '../observability/telemetry.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import { toPublicEtag } from '../storage/etag.ts';
import { type Caller, isAllowed } from './caller.ts';
import { createRateLimiter, type RateLimitSettings } from './rate-limit.ts';
import type { Route } from './route.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;
const EMPTY_QUERY = z.object({}).strict();

export interface DispatcherOptions {
  routes: Route[];
  authenticate: (request: Request) => Promise<Caller>;
  store: () => Promise<CosmosStore>;
  region: string;
  logger: Logger;
  now?: () => Date;
  /** Per-caller throttling (429 + Retry-After); none when omitted. */
  rateLimit?: RateLimitSettings;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.endpoint.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}/?$`), names };
}

export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({
    target:
      issue.path.reduce<string>(
        (target, key) =>
          typeof key === 'number' ? `${target}[${key}]` : target ? `${target}.${String(key)}` : String(key),
        '',
      ) || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'body'),
    message: issue.message,
  }));
}

function invalid(message: string, error: z.ZodError): AppError {
  const details = zodDetails(error);
  return new AppError(
    'BadRequest',
    `${message}: ${details.map((detail) => `${detail.target}: ${detail.message}`).join('; ')}`,
    {
      details,
    },
  );
}

function parseQuery(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (key in query) {
      throw new AppError('BadRequest', `Query option ${key} appears more than once.`, {
        details: [{ target: key, message: 'Give each query option once.' }],
      });
    }
    query[key] = value;
  }
  return query;
}

async function readBody(request: Request): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES)
    throw new AppError('PayloadTooLarge', 'The request body is larger than 1 MB.');
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new AppError('PayloadTooLarge', 'The request body is larger than 1 MB.');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function parseBody(request: Request, schema: z.ZodType | undefined): Promise<unknown> {
  const text = await readBody(request);
  if (!schema) return undefined;
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new AppError('UnsupportedMediaType', 'Send the body as application/json.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('BadRequest', 'The body is not valid JSON.', {
      details: [{ target: 'body', message: 'Not valid JSON.' }],
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalid('The body is not valid', parsed.error);
  return parsed.data;
}

function actorOf(caller: Caller): Actor {
  return {
    type: caller.isAppOnly ? 'application' : 'user',
    objectId: caller.objectId,
    userPrincipalName: caller.upn ?? null,
    applicationId: caller.appId || null,
  };
}

/**
 * The one place requests become domain calls: match the route, authenticate,
 * authorise, parse query and body through the contract, call the handler, shape the
 * answer through the contract's response schema, and turn every failure into the
 * Graph error envelope. A rejected request reaches no domain function, so it
 * changes nothing.
 */
export function createDispatcher(options: DispatcherOptions): (request: Request) => Promise<Response> {
  const compiled = options.routes.map(compile);
  const now = options.now ?? (() => new Date());
  const limiter = options.rateLimit ? createRateLimiter(options.rateLimit) : undefined;
  // Context propagation always; OTLP export only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
  startTelemetry({ env: loadTelemetryEnv(), serviceName: 'cloudpc-api', region: options.region });

  return async function dispatch(request: Request): Promise<Response> {
    const incomingId = request.headers.get('x-request-id');
    const requestId = incomingId && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    const url = new URL(request.url);
    const started = performance.now();
    // The route template, not the path: ids would make every request its own series.
    const route =
      compiled.find((entry) => entry.pattern.test(url.pathname))?.route.endpoint.path ?? 'unmatched';
    const parent = extractTraceContext({
      traceparent: request.headers.get('traceparent') ?? undefined,
      tracestate: request.headers.get('tracestate') ?? undefined,
    });
    const response = await inSpan(
      `${request.method} ${route}`,
      {
        parent,
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'http.route': route,
          'cloudpc.request.id': requestId,
          'cloudpc.region': options.region,
        },
      },
      async (span) => {
        const answer = await handle(request, requestId, url, (tenantId) => {
          span.setAttribute('cloudpc.tenant.id', tenantId);
        });
        span.setAttribute('http.response.status_code', answer.status);
        return answer;
      },
    );
    const seconds = (performance.now() - started) / 1000;
    recordRequest(
      { route, method: request.method, status: response.status, region: options.region },
      seconds,
    );
    return response;
  };

  async function handle(
    request: Request,
    requestId: string,
    url: URL,
    onTenant: (tenantId: string) => void,
  ): Promise<Response> {
    let log = options.logger.child({
      requestId,
      region: options.region,
      method: request.method,
      path: url.pathname,
    });
    try {
      const matches = compiled
        .map((entry) => ({ entry, match: entry.pattern.exec(url.pathname) }))
        .filter((candidate) => candidate.match !== null);
      if (matches.length === 0) throw new AppError('NotFound', `No resource at ${url.pathname}.`);
      const hit = matches.find((candidate) => candidate.entry.route.endpoint.method === request.method);
      if (!hit?.match) {
        const allowed = [...new Set(matches.map((candidate) => candidate.entry.route.endpoint.method))];
        const response = errorResponse(
          new AppError(
            'MethodNotAllowed',
            `${request.method} is not supported here; use ${allowed.join(', ')}.`,
          ),
          requestId,
          now(),
        );
        response.headers.set('allow', allowed.join(', '));
        return response;
      }
      const { route, names } = hit.entry;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = decodeSegment(hit.match?.[index + 1] ?? '');
      });

      const caller = await options.authenticate(request);
      log = log.child({ tenantId: caller.tenantId });
      onTenant(caller.tenantId);
      const quota = limiter?.take(`${caller.tenantId}/${caller.objectId}`);
      if (quota && !quota.allowed) {
        throw new AppError('TooManyRequests', 'Too many requests from this caller; retry later.', {
          retryAfter: quota.retryAfterSeconds,
        });
      }
      if (!isAllowed(caller, route.access)) {
        throw new AppError('Forbidden', 'Your account does not have the role this action needs.');
      }
      const querySchema = route.endpoint.query ?? EMPTY_QUERY;
      const parsedQuery = querySchema.safeParse(parseQuery(url));
      if (!parsedQuery.success) throw invalid('The query is not valid', parsedQuery.error);
      const body = await parseBody(request, route.endpoint.body);

      const result = await route.handle({
        caller,
        params,
        query: parsedQuery.data,
        body,
        headers: request.headers,
        context: {
          tenantId: caller.tenantId,
          actor: actorOf(caller),
          requestId,
          region: options.region,
          now,
        },
        store: options.store,
      });
      const headers = new Headers({ 'x-request-id': requestId });
      if (result.kind === 'empty') {
        if (result.etag) headers.set('etag', toPublicEtag(result.etag));
        return new Response(null, { status: 204, headers });
      }
      headers.set('content-type', 'application/json; odata.metadata=minimal');
      if (result.kind === 'page') {
        const next = new URL(url);
        if (result.skipToken) next.searchParams.set('$skiptoken', result.skipToken);
        const shaped = route.endpoint.response.parse({
          value: result.items,
          ...(result.skipToken ? { '@odata.nextLink': next.toString() } : {}),
        });
        return new Response(JSON.stringify(shaped), { status: 200, headers });
      }
      if (result.etag) headers.set('etag', toPublicEtag(result.etag));
      const shaped = route.endpoint.response.parse(result.body);
      return new Response(JSON.stringify(shaped), { status: result.created ? 201 : 200, headers });
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'InternalServerError') {
        log.error({ err: error }, 'request failed');
      }
      return errorResponse(error, requestId, now());
    }
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AppError('BadRequest', 'The path contains a malformed escape sequence.', {
      details: [{ target: 'path', message: 'Malformed percent-encoding.' }],
    });
  }
}

function errorResponse(error: unknown, requestId: string, date: Date): Response {
  const { status, body, headers } = toGraphError(error, requestId, date);
  return new Response(JSON.stringify(body), { status, headers: { ...headers, 'x-request-id': requestId } });
}
