import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCloudPc } from '../../test/cloud-pc-fixtures.ts';
import { requestRemoteAction } from '../cloud-pcs/cloud-pc-actions.ts';
import { insertCloudPc } from '../cloud-pcs/cloud-pc-repository.ts';
import { createSimulatedCompute } from '../compute/simulated-compute.ts';
import type { JobMessage } from '../jobs/job-types.ts';
import { CONTOSO, type EngineHarness, startEngineHarness } from '../provisioning/testing/engine-harness.ts';
import { inSpan, startTelemetry } from './telemetry.ts';

/**
 * One trace from the request to the worker: the span a request runs in is carried in
 * the queue message (W3C traceparent) and the worker's span for that message is its
 * child, in the same trace, on the real queue (Azurite) and the real worker.
 */
const exporter = new InMemorySpanExporter();
let harness: EngineHarness;

beforeAll(async () => {
  startTelemetry({
    env: { otlpEndpoint: undefined, serviceName: 'trace-test', metricIntervalMs: 60_000 },
    serviceName: 'trace-test',
    region: 'eastus',
    extraSpanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  harness = await startEngineHarness({ name: 'trace' });
});
afterAll(() => harness?.close());

describe('trace context across the queue', () => {
  it('puts the request span in the message and continues it in the worker step', async () => {
    const pc = makeCloudPc({ tenantId: CONTOSO, userId: 'u-trace', userPrincipalName: 'trace@contoso.test' });
    await insertCloudPc(harness.store, pc);
    const queueName = `q-trace-${Date.now().toString(36)}`;

    const requestSpan = await inSpan('POST cloudPCs/{id}/reboot', { kind: SpanKind.SERVER }, async (span) => {
      await requestRemoteAction({
        store: harness.store,
        doorbell: harness.doorbell(queueName),
        context: harness.context(),
        cloudPcId: pc.id,
        request: { action: 'reboot' },
      });
      return span.spanContext();
    });

    // The message itself carries the context (peek by receiving with a short invisibility).
    const [message] = await harness
      .queue(queueName)
      .receive<JobMessage>({ max: 1, visibilityTimeoutSeconds: 1 });
    expect(message?.body.traceparent).toMatch(
      new RegExp(`^00-${requestSpan.traceId}-${requestSpan.spanId}-0[01]$`),
    );

    harness.startWorker({ queueName, compute: createSimulatedCompute({ stepMs: 0 }) });
    const consumerSpan = await harness.waitFor('the worker span of the reboot message', async () =>
      exporter
        .getFinishedSpans()
        .find(
          (span: ReadableSpan) =>
            span.kind === SpanKind.CONSUMER && span.attributes['cloudpc.job.id'] === message?.body.jobId,
        ),
    );
    expect(consumerSpan.spanContext().traceId).toBe(requestSpan.traceId);
    expect(consumerSpan.parentSpanContext?.spanId).toBe(requestSpan.spanId);
    expect(consumerSpan.attributes['cloudpc.tenant.id']).toBe(CONTOSO);
    // The job's steps are events on the worker's span.
    expect(consumerSpan.events.map((event) => event.name)).toContain('step Restarting Windows');
  });
});
