import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/**
 * Serves a fetch-style handler (the dispatcher) from node:http, for the in-process
 * API servers that integration tests and benchmarks run without Next.js.
 */
export function toNodeHandler(handler: (request: Request) => Promise<Response>) {
  return async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const url = new URL(incoming.url ?? '/', `http://${incoming.headers.host ?? 'localhost'}`);
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (Array.isArray(value)) for (const item of value) headers.append(name, item);
      else if (value !== undefined) headers.set(name, value);
    }
    const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
    const request = new Request(url, {
      method: incoming.method ?? 'GET',
      headers,
      ...(hasBody ? { body: Readable.toWeb(incoming) as ReadableStream, duplex: 'half' } : {}),
    } as RequestInit);
    const response = await handler(request);
    outgoing.statusCode = response.status;
    // A refused upload (413) leaves body bytes unread on the socket; close it rather
    // than let the client reuse a connection that is out of step.
    if (!incoming.complete) outgoing.setHeader('connection', 'close');
    for (const [name, value] of response.headers) outgoing.setHeader(name, value);
    if (!response.body) {
      outgoing.end();
      return;
    }
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  };
}
