import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * One contract per endpoint: method, path template and the zod schemas of what goes
 * in and out. Route handlers parse with the same schemas the typed client uses, and
 * responses are shaped through `response` so no storage field can leak.
 */
export interface Endpoint<
  TResponse extends z.ZodType,
  TBody extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
> {
  method: HttpMethod;
  path: string;
  response: TResponse;
  body?: TBody;
  query?: TQuery;
}

export function defineEndpoint<
  TResponse extends z.ZodType,
  TBody extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
>(endpoint: Endpoint<TResponse, TBody, TQuery>): Endpoint<TResponse, TBody, TQuery> {
  return endpoint;
}
