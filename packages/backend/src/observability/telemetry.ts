import {
  type Context,
  context,
  metrics,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, type MetricReader, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AsyncLocalContextManager } from './async-context.ts';
import type { TelemetryEnv } from './env.ts';

/**
 * Traces and metrics through the OpenTelemetry API. Until `startTelemetry` registers
 * providers, every call is the API's no-op, so code can always create spans and record
 * metrics. The W3C trace-context propagator and an AsyncLocalStorage context manager are
 * installed at start, so a span started in the dispatcher is the parent of the queue
 * message's context and of the worker step that runs it.
 */
export const tracer = () => trace.getTracer('cloudpc');
const meter = () => metrics.getMeter('cloudpc');

let instruments:
  | {
      requestDuration: ReturnType<ReturnType<typeof meter>['createHistogram']>;
      jobsFinished: ReturnType<ReturnType<typeof meter>['createCounter']>;
      queueDepth: ReturnType<ReturnType<typeof meter>['createGauge']>;
    }
  | undefined;

function getInstruments() {
  instruments ??= {
    requestDuration: meter().createHistogram('http.server.request.duration', {
      unit: 's',
      description: 'API requests by route, method and status.',
    }),
    jobsFinished: meter().createCounter('cloudpc.jobs.finished', {
      description: 'Jobs finished by kind, status and error code.',
    }),
    queueDepth: meter().createGauge('cloudpc.queue.depth', {
      description: 'Approximate messages waiting in a region queue, as the worker sampled it.',
    }),
  };
  return instruments;
}

export function recordRequest(
  attributes: { route: string; method: string; status: number; region: string },
  seconds: number,
) {
  getInstruments().requestDuration.record(seconds, {
    'http.route': attributes.route,
    'http.request.method': attributes.method,
    'http.response.status_code': attributes.status,
    'cloudpc.region': attributes.region,
  });
}

export function recordJobFinished(attributes: {
  kind: string;
  status: string;
  code: string | null;
  region: string;
}) {
  getInstruments().jobsFinished.add(1, {
    'cloudpc.job.kind': attributes.kind,
    'cloudpc.job.status': attributes.status,
    'cloudpc.job.error_code': attributes.code ?? '',
    'cloudpc.region': attributes.region,
  });
}

export function recordQueueDepth(attributes: { queue: string; region: string }, depth: number) {
  getInstruments().queueDepth.record(depth, {
    'messaging.destination.name': attributes.queue,
    'cloudpc.region': attributes.region,
  });
}

/** The W3C fields a queue message carries so the worker continues the request's trace. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

export function injectTraceContext(from: Context = context.active()): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier);
  return {
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
  };
}

export function extractTraceContext(carrier: unknown): Context {
  const fields: Record<string, string> = {};
  if (carrier && typeof carrier === 'object') {
    const { traceparent, tracestate } = carrier as Record<string, unknown>;
    if (typeof traceparent === 'string') fields.traceparent = traceparent;
    if (typeof tracestate === 'string') fields.tracestate = tracestate;
  }
  return propagation.extract(context.active(), fields);
}

/** Runs `work` inside a span that ends with it; an exception marks the span failed and is rethrown. */
export async function inSpan<T>(
  name: string,
  options: { parent?: Context; kind?: SpanKind; attributes?: Record<string, string | number | boolean> },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      ...(options.attributes ? { attributes: options.attributes } : {}),
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

export { SpanKind };

type AzureMonitorModule = typeof import('@azure/monitor-opentelemetry-exporter');
const AZURE_MONITOR_EXPORTER = '@azure/monitor-opentelemetry-exporter';

let started: { ready: Promise<void>; shutdown: () => Promise<void> } | undefined;

/**
 * Installs context propagation always, and the SDK providers with OTLP exporters when an
 * endpoint is configured (`extraSpanProcessors` lets tests collect spans in memory).
 * Idempotent per process.
 */
export function startTelemetry(options: {
  env: TelemetryEnv;
  serviceName: string;
  region: string;
  version?: string;
  extraSpanProcessors?: SpanProcessor[];
}): { ready: Promise<void>; shutdown: () => Promise<void> } {
  if (started) return started;
  context.setGlobalContextManager(new AsyncLocalContextManager());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const resource = resourceFromAttributes({
    'service.name': options.env.serviceName ?? options.serviceName,
    ...(options.version ? { 'service.version': options.version } : {}),
    'cloud.region': options.region,
  });
  const endpoint = options.env.otlpEndpoint;
  const azure = options.env.azureMonitorConnectionString;
  const install = (monitor?: AzureMonitorModule) => {
    const spanProcessors: SpanProcessor[] = [
      ...(endpoint ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }))] : []),
      ...(monitor && azure
        ? [new BatchSpanProcessor(new monitor.AzureMonitorTraceExporter({ connectionString: azure }))]
        : []),
      ...(options.extraSpanProcessors ?? []),
    ];
    const tracerProvider =
      spanProcessors.length > 0 ? new BasicTracerProvider({ resource, spanProcessors }) : undefined;
    if (tracerProvider) trace.setGlobalTracerProvider(tracerProvider);
    const every = options.env.metricIntervalMs;
    const readers: MetricReader[] = [
      ...(endpoint
        ? [
            new PeriodicExportingMetricReader({
              exporter: new OTLPMetricExporter({ url: `${endpoint}/v1/metrics` }),
              exportIntervalMillis: every,
            }),
          ]
        : []),
      ...(monitor && azure
        ? [
            new PeriodicExportingMetricReader({
              exporter: new monitor.AzureMonitorMetricExporter({ connectionString: azure }),
              exportIntervalMillis: every,
            }),
          ]
        : []),
    ];
    const meterProvider = readers.length > 0 ? new MeterProvider({ resource, readers }) : undefined;
    if (meterProvider) {
      metrics.setGlobalMeterProvider(meterProvider);
      instruments = undefined;
    }
    return () => Promise.allSettled([tracerProvider?.shutdown(), meterProvider?.shutdown()]);
  };
  // Azure Monitor's exporter is large: it is loaded only when configured, and left out of
  // the portals' bundles (resolved from node_modules at run time).
  const installed: Promise<() => Promise<unknown>> = azure
    ? import(/* webpackIgnore: true */ /* turbopackIgnore: true */ AZURE_MONITOR_EXPORTER).then(
        (module: AzureMonitorModule) => install(module),
      )
    : Promise.resolve(install());
  started = {
    ready: installed.then(() => undefined),
    async shutdown() {
      await (await installed)();
    },
  };
  return started;
}
