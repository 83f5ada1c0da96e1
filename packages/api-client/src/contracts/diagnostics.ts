import { z } from 'zod';
import { defineEndpoint } from '../endpoint.ts';

/**
 * Diagnostics for support staff (CloudPC.Support and CloudPC.Admin): service health,
 * the provisioning pipeline, connection quality, Cloud PCs that are not available,
 * a troubleshooting timeline per Cloud PC or person, and alerts. Every answer is
 * built from bounded reads (hourly counter documents, TOP-limited queries).
 */
const base = '/api/v1.0/deviceManagement/virtualEndpoint/diagnostics';

export const ZHoursQuery = z
  .object({
    hours: z.coerce
      .number({ error: 'hours must be a whole number' })
      .int('hours must be a whole number')
      .min(1, 'hours must be at least 1')
      .max(168, 'hours must be at most 168')
      .optional(),
  })
  .strict();
export type HoursQuery = z.infer<typeof ZHoursQuery>;

export const ZCheckStatus = z.enum(['ok', 'degraded', 'down', 'unknown']);
export type CheckStatus = z.infer<typeof ZCheckStatus>;

export const ZServiceCheck = z.object({
  name: z.string(),
  status: ZCheckStatus,
  latencyMs: z.number().nullable(),
  message: z.string().nullable(),
  observedDateTime: z.string().nullable(),
});
export type ServiceCheck = z.infer<typeof ZServiceCheck>;

export const ZRegionHealth = z.object({
  region: z.string(),
  status: z.enum(['healthy', 'degraded', 'unhealthy', 'unknown']),
  checks: z.array(ZServiceCheck),
  lastHeartbeatDateTime: z.string().nullable(),
  queueDepth: z.number().nullable(),
  poisonQueueDepth: z.number().nullable(),
  /** One point per worker sample: the worst check at that time. */
  history: z.array(z.object({ at: z.string(), status: ZCheckStatus, queueDepth: z.number().nullable() })),
});
export type RegionHealth = z.infer<typeof ZRegionHealth>;

export const ZServiceHealth = z.object({
  generatedDateTime: z.string(),
  servedByRegion: z.string(),
  regions: z.array(ZRegionHealth),
});
export type ServiceHealth = z.infer<typeof ZServiceHealth>;

export const ZJobKindSummary = z.object({
  kind: z.string(),
  succeeded: z.number(),
  failed: z.number(),
  cancelled: z.number(),
  successRate: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
});

export const ZFailureGroup = z.object({
  code: z.string(),
  count: z.number(),
  kinds: z.array(z.string()),
  message: z.string(),
  recommendedAction: z.string(),
  lastJobId: z.string(),
  lastCloudPcId: z.string().nullable(),
  lastDateTime: z.string(),
});
export type FailureGroup = z.infer<typeof ZFailureGroup>;

export const ZStuckJob = z.object({
  jobId: z.string(),
  kind: z.string(),
  cloudPcId: z.string().nullable(),
  status: z.string(),
  reason: z.enum(['leaseExpired', 'retried', 'waitingTooLong']),
  attempts: z.number(),
  maxAttempts: z.number(),
  errorCode: z.string().nullable(),
  createdDateTime: z.string(),
  lastModifiedDateTime: z.string(),
  region: z.string(),
});
export type StuckJob = z.infer<typeof ZStuckJob>;

export const ZPipeline = z.object({
  generatedDateTime: z.string(),
  hours: z.number(),
  queues: z.array(
    z.object({
      region: z.string(),
      depth: z.number().nullable(),
      poisonDepth: z.number().nullable(),
      observedDateTime: z.string().nullable(),
    }),
  ),
  jobsByState: z.object({
    pending: z.number(),
    running: z.number(),
    succeeded: z.number(),
    failed: z.number(),
    cancelled: z.number(),
  }),
  kinds: z.array(ZJobKindSummary),
  failures: z.array(ZFailureGroup),
  stuckJobs: z.array(ZStuckJob),
  poisonMessages: z.number(),
  hourly: z.array(z.object({ hourStart: z.string(), succeeded: z.number(), failed: z.number() })),
});
export type Pipeline = z.infer<typeof ZPipeline>;

export const ZRoundTripBuckets = z.object({ good: z.number(), average: z.number(), high: z.number() });

export const ZConnectionQualityFigures = z.object({
  attempts: z.number(),
  connected: z.number(),
  successRate: z.number().nullable(),
  timeToConnectP50Ms: z.number().nullable(),
  timeToConnectP95Ms: z.number().nullable(),
  roundTripP50Ms: z.number().nullable(),
  roundTripP95Ms: z.number().nullable(),
  roundTrip: ZRoundTripBuckets,
  refused: z.record(z.string(), z.number()),
});

export const ZConnectionQuality = z.object({
  generatedDateTime: z.string(),
  hours: z.number(),
  overall: ZConnectionQualityFigures,
  regions: z.array(ZConnectionQualityFigures.extend({ region: z.string() })),
  cloudPcs: z.array(
    z.object({
      cloudPcId: z.string(),
      displayName: z.string().nullable(),
      attempts: z.number(),
      connected: z.number(),
      successRate: z.number().nullable(),
      roundTrip: ZRoundTripBuckets,
    }),
  ),
  hourly: z.array(
    z.object({
      hourStart: z.string(),
      attempts: z.number(),
      connected: z.number(),
      roundTrip: ZRoundTripBuckets,
    }),
  ),
});
export type ConnectionQuality = z.infer<typeof ZConnectionQuality>;

export const ZUnavailableCloudPc = z.object({
  cloudPcId: z.string(),
  displayName: z.string(),
  userPrincipalName: z.string(),
  regionName: z.string(),
  status: z.string(),
  sinceDateTime: z.string(),
  lastEvent: z.string().nullable(),
  likelyCause: z.string(),
  recommendedAction: z.string().nullable(),
  errorCode: z.string().nullable(),
});
export type UnavailableCloudPc = z.infer<typeof ZUnavailableCloudPc>;

export const ZUnavailableCloudPcs = z.object({
  generatedDateTime: z.string(),
  value: z.array(ZUnavailableCloudPc),
  /** True when more matched than the page shows (the list is bounded). */
  isTruncated: z.boolean(),
});
export type UnavailableCloudPcs = z.infer<typeof ZUnavailableCloudPcs>;

export const ZTimelineEntry = z.object({
  id: z.string(),
  at: z.string(),
  source: z.enum(['job', 'remoteAction', 'connection', 'audit']),
  title: z.string(),
  detail: z.string().nullable(),
  outcome: z.enum(['success', 'failure', 'inProgress', 'info']),
  cloudPcId: z.string().nullable(),
  jobId: z.string().nullable(),
  correlationId: z.string().nullable(),
  connectionId: z.string().nullable(),
  actor: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof ZTimelineEntry>;

export const ZTimeline = z.object({
  subject: z.object({
    type: z.enum(['cloudPc', 'user']),
    id: z.string(),
    displayName: z.string().nullable(),
    userPrincipalName: z.string().nullable(),
    cloudPcIds: z.array(z.string()),
    status: z.string().nullable(),
  }),
  fromDateTime: z.string(),
  value: z.array(ZTimelineEntry),
  isTruncated: z.boolean(),
});
export type Timeline = z.infer<typeof ZTimeline>;

export const ALERT_RULES = [
  'provisioningFailures',
  'cloudPcsInaccessible',
  'gracePeriodsEnding',
  'regionUnhealthy',
] as const;
export const ZAlertRule = z.enum(ALERT_RULES);
export type AlertRule = z.infer<typeof ZAlertRule>;

export const ZAlert = z.object({
  id: z.string(),
  rule: ZAlertRule,
  severity: z.enum(['high', 'medium', 'low', 'informational']),
  status: z.enum(['active', 'resolved']),
  title: z.string(),
  message: z.string(),
  scope: z.string(),
  firstDateTime: z.string(),
  lastEvaluatedDateTime: z.string(),
  resolvedDateTime: z.string().nullable(),
  acknowledgedDateTime: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  link: z.string().nullable(),
});
export type Alert = z.infer<typeof ZAlert>;

export const ZTimelineQuery = z
  .object({
    days: z.coerce
      .number({ error: 'days must be a whole number' })
      .int('days must be a whole number')
      .min(1, 'days must be at least 1')
      .max(30, 'days must be at most 30')
      .optional(),
  })
  .strict();
export type TimelineQuery = z.infer<typeof ZTimelineQuery>;

export const getServiceHealth = defineEndpoint({
  method: 'GET',
  path: `${base}/serviceHealth`,
  query: ZHoursQuery,
  response: ZServiceHealth,
});

export const getPipeline = defineEndpoint({
  method: 'GET',
  path: `${base}/pipeline`,
  query: ZHoursQuery,
  response: ZPipeline,
});

export const getConnectionQuality = defineEndpoint({
  method: 'GET',
  path: `${base}/connectionQuality`,
  query: ZHoursQuery,
  response: ZConnectionQuality,
});

export const listUnavailableCloudPcs = defineEndpoint({
  method: 'GET',
  path: `${base}/unavailableCloudPCs`,
  response: ZUnavailableCloudPcs,
});

export const getCloudPcTimeline = defineEndpoint({
  method: 'GET',
  path: `${base}/cloudPCs/{id}/timeline`,
  query: ZTimelineQuery,
  response: ZTimeline,
});

export const getUserTimeline = defineEndpoint({
  method: 'GET',
  path: `${base}/users/{id}/timeline`,
  query: ZTimelineQuery,
  response: ZTimeline,
});

export const listAlerts = defineEndpoint({
  method: 'GET',
  path: `${base}/alerts`,
  response: z.object({ value: z.array(ZAlert) }),
});

export const acknowledgeAlert = defineEndpoint({
  method: 'POST',
  path: `${base}/alerts/{id}/acknowledge`,
  response: ZAlert,
});
