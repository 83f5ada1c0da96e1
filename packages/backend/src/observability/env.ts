import { z } from 'zod';

/**
 * Telemetry settings, read here and nowhere else. Export is off unless configured: OTLP
 * with the standard OpenTelemetry variable, Azure Monitor with Application Insights'
 * connection string (both may be set).
 */
const ZTelemetryEnv = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  OTEL_METRIC_EXPORT_INTERVAL: z.coerce.number().int().min(1_000).default(60_000),
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().min(1).optional(),
});

export interface TelemetryEnv {
  otlpEndpoint: string | undefined;
  serviceName: string | undefined;
  metricIntervalMs: number;
  /** Azure Monitor (Application Insights) in production; off when unset. */
  azureMonitorConnectionString?: string | undefined;
}

export function loadTelemetryEnv(env: NodeJS.ProcessEnv = process.env): TelemetryEnv {
  const parsed = ZTelemetryEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `Invalid telemetry configuration: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  return {
    otlpEndpoint: parsed.data.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, ''),
    serviceName: parsed.data.OTEL_SERVICE_NAME,
    metricIntervalMs: parsed.data.OTEL_METRIC_EXPORT_INTERVAL,
    azureMonitorConnectionString: parsed.data.APPLICATIONINSIGHTS_CONNECTION_STRING,
  };
}
