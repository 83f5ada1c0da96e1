import { defineEndpoint } from '@cloudpc/api-client';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDispatcher } from '../http/dispatch.ts';
import { defineRoute, resource } from '../http/route.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import { logger } from './logger.ts';
import { injectTraceContext, startTelemetry } from './telemetry.ts';

/**
 * The dispatcher continues the caller's trace (W3C traceparent from the portal's route
 * handler or the front door) with a SERVER span named by the route template, and the
 * handler runs inside it, so a queue message it sends carries that span.
 */
const exporter = new InMemorySpanExporter();
startTelemetry({
  env: { otlpEndpoint: undefined, serviceName: 'dispatch-test', metricIntervalMs: 60_000 },
  serviceName: 'dispatch-test',
  region: 'eastus',
  extraSpanProcessors: [new SimpleSpanProcessor(exporter)],
});

const probe = defineEndpoint({
  method: 'GET',
  path: '/api/v1.0/probe/{id}',
  response: z.object({ traceparent: z.string().optional() }),
});

const dispatch = createDispatcher({
  routes: [defineRoute(probe, 'admin:read', async () => resource(injectTraceContext()))],
  authenticate: async () => ({
    tenantId: 'tenant-a',
    objectId: 'o',
    upn: 'support@contoso.test',
    name: undefined,
    roles: ['CloudPC.Support'],
    scopes: ['CloudPC.ReadWrite'],
    isAppOnly: false,
    appId: 'app',
  }),
  store: async () => ({}) as CosmosStore,
  region: 'eastus',
  logger: logger.child({ test: 'dispatch-trace' }),
});

describe('dispatcher tracing', () => {
  it('continues an incoming traceparent and names the span by route, with tenant and status', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    const response = await dispatch(
      new Request('http://portal.test/api/v1.0/probe/pc-123', {
        headers: { traceparent: `00-${traceId}-${parentId}-01` },
      }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { traceparent?: string };
    const [span] = exporter.getFinishedSpans().filter((candidate) => candidate.kind === SpanKind.SERVER);
    expect(span?.name).toBe('GET /api/v1.0/probe/{id}');
    expect(span?.spanContext().traceId).toBe(traceId);
    expect(span?.parentSpanContext?.spanId).toBe(parentId);
    expect(span?.attributes).toMatchObject({
      'cloudpc.tenant.id': 'tenant-a',
      'http.response.status_code': 200,
      'http.route': '/api/v1.0/probe/{id}',
    });
    // What the handler would put in a queue message is this span's context.
    expect(body.traceparent).toBe(`00-${traceId}-${span?.spanContext().spanId}-01`);
  });
});
