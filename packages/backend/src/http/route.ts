import type { Endpoint } from '@cloudpc/api-client';
import type { z } from 'zod';
import type { RequestContext } from '../audit/actor.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import type { Access, Caller } from './caller.ts';

export interface HandlerInput<TBody, TQuery> {
  caller: Caller;
  params: Record<string, string>;
  query: TQuery;
  body: TBody;
  headers: Headers;
  context: RequestContext;
  store: () => Promise<CosmosStore>;
}

/**
 * What a handler returns: a resource (200, or 201 when `created`), a list page
 * (the dispatcher builds `@odata.nextLink`), or nothing (204). `etag` becomes the
 * ETag header.
 */
export type HandlerResult =
  | { kind: 'resource'; body: unknown; etag?: string; created?: boolean }
  | { kind: 'page'; items: unknown[]; skipToken?: string | undefined }
  | { kind: 'empty'; etag?: string };

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface Route {
  endpoint: Endpoint<z.ZodType, z.ZodType | undefined, z.ZodType | undefined>;
  access: Access;
  handle(input: HandlerInput<unknown, unknown>): Promise<HandlerResult>;
}

/** Ties a handler to its contract so body and query arrive typed by the same schemas the client uses. */
export function defineRoute<
  TResponse extends z.ZodType,
  TBody extends z.ZodType | undefined,
  TQuery extends z.ZodType | undefined,
>(
  endpoint: Endpoint<TResponse, TBody, TQuery>,
  access: Access,
  handle: (input: HandlerInput<Infer<TBody>, Infer<TQuery>>) => Promise<HandlerResult>,
): Route {
  return { endpoint, access, handle: handle as Route['handle'] };
}

export const resource = (body: unknown, etag?: string): HandlerResult =>
  etag === undefined ? { kind: 'resource', body } : { kind: 'resource', body, etag };
export const created = (body: unknown, etag?: string): HandlerResult =>
  etag === undefined
    ? { kind: 'resource', body, created: true }
    : { kind: 'resource', body, etag, created: true };
export const page = (result: { items: unknown[]; skipToken?: string }): HandlerResult => ({
  kind: 'page',
  items: result.items,
  skipToken: result.skipToken,
});
export const empty = (etag?: string): HandlerResult =>
  etag === undefined ? { kind: 'empty' } : { kind: 'empty', etag };
