import type { Alert, AlertRule, RegionHealth } from '@cloudpc/api-client';
import type { RequestContext } from '../audit/actor.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { CloudPcDocument } from '../cloud-pcs/cloud-pc-repository.ts';
import { AppError } from '../errors/app-error.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import type { StoredDocument } from '../storage/documents.ts';
import { hourStart, type JobStatsDocument } from './counters.ts';
import {
  countWhere,
  insertDiagnostic,
  listCounters,
  queryBounded,
  queryDiagnostics,
  readDiagnostic,
  replaceDiagnostic,
} from './diagnostics-repository.ts';

/**
 * Alert rules, evaluated by every region's worker. An alert's id is its rule and
 * scope, so re-evaluating (in two regions at once, every minute) updates one
 * document instead of piling up copies; a condition that clears resolves it, and one
 * that returns re-opens it unacknowledged.
 */
export interface AlertThresholds {
  /** Failed provision jobs in the last hour that raise an alert. */
  provisioningFailuresPerHour: number;
  /** Grace periods ending within this many hours are reported. */
  graceEndingWithinHours: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  provisioningFailuresPerHour: 3,
  graceEndingWithinHours: 24,
};

export interface AlertDocument extends StoredDocument, Omit<Alert, 'id'> {
  docType: 'alert';
}

export interface AlertCandidate {
  rule: AlertRule;
  scope: string;
  severity: Alert['severity'];
  title: string;
  message: string;
  link: string | null;
}

export interface RuleInputs {
  now: Date;
  thresholds: AlertThresholds;
  /** Job counter documents of the last hour(s). */
  jobStats: readonly JobStatsDocument[];
  failedCloudPcs: number;
  graceEnding: readonly Pick<CloudPcDocument, 'id' | 'displayName' | 'gracePeriodEndDateTime'>[];
  regions: readonly Pick<RegionHealth, 'region' | 'status' | 'checks'>[];
}

/** Pure: which alerts hold now. */
export function evaluateAlertRules(input: RuleInputs): AlertCandidate[] {
  const candidates: AlertCandidate[] = [];
  const since = new Date(input.now.getTime() - 3_600_000).toISOString();
  const recent = input.jobStats.filter((document) => document.hourStart >= hourStart(since));
  const failed = recent.reduce((sum, document) => sum + (document.byKind.provision?.failed ?? 0), 0);
  const succeeded = recent.reduce((sum, document) => sum + (document.byKind.provision?.succeeded ?? 0), 0);
  if (failed >= input.thresholds.provisioningFailuresPerHour) {
    candidates.push({
      rule: 'provisioningFailures',
      scope: 'tenant',
      severity: 'high',
      title: 'Provisioning failures over the threshold',
      message: `${failed} Cloud PCs failed to provision in the last hour (${succeeded} succeeded; threshold ${input.thresholds.provisioningFailuresPerHour}).`,
      link: '/diagnostics/pipeline',
    });
  }
  if (input.failedCloudPcs > 0) {
    candidates.push({
      rule: 'cloudPcsInaccessible',
      scope: 'tenant',
      severity: 'medium',
      title: 'Cloud PCs are inaccessible',
      message: `${input.failedCloudPcs} Cloud PC${input.failedCloudPcs === 1 ? ' is' : 's are'} in a failed state and cannot be opened.`,
      link: '/diagnostics/unavailable',
    });
  }
  if (input.graceEnding.length > 0) {
    const first = [...input.graceEnding].sort((a, b) =>
      (a.gracePeriodEndDateTime ?? '').localeCompare(b.gracePeriodEndDateTime ?? ''),
    )[0];
    candidates.push({
      rule: 'gracePeriodsEnding',
      scope: 'tenant',
      severity: 'low',
      title: 'Grace periods ending soon',
      message: `${input.graceEnding.length} Cloud PC${input.graceEnding.length === 1 ? '' : 's'} will be removed within ${input.thresholds.graceEndingWithinHours} h (first: ${first?.displayName ?? ''} at ${first?.gracePeriodEndDateTime ?? ''}).`,
      link: '/diagnostics/unavailable',
    });
  }
  for (const region of input.regions) {
    if (region.status !== 'degraded' && region.status !== 'unhealthy') continue;
    const reasons = region.checks
      .filter((check) => check.status !== 'ok')
      .map((check) => `${check.name}: ${check.message ?? check.status}`);
    candidates.push({
      rule: 'regionUnhealthy',
      scope: region.region,
      severity: region.status === 'unhealthy' ? 'high' : 'medium',
      title: `Region ${region.region} is ${region.status}`,
      message: reasons.join('; ') || `Region ${region.region} is ${region.status}.`,
      link: '/diagnostics/health',
    });
  }
  return candidates;
}

export const alertId = (rule: AlertRule, scope: string) => `alert:${rule}:${scope}`;

function toAlert(document: AlertDocument): Alert {
  const { tenantId: _tenant, docType: _type, ...alert } = document;
  return alert;
}

function isPreconditionLost(error: unknown): boolean {
  return error instanceof AppError && (error.code === 'PreconditionFailed' || error.code === 'Conflict');
}

/** Writes the evaluation's result for one tenant: opens, refreshes and resolves alerts. */
export async function applyAlertEvaluation(
  store: CosmosStore,
  tenantId: string,
  candidates: readonly AlertCandidate[],
  now: Date,
): Promise<{ opened: number; resolved: number }> {
  const at = now.toISOString();
  const existing = await queryDiagnostics<AlertDocument>(store, tenantId, "c.docType = 'alert'", [], {
    top: 500,
  });
  const byId = new Map(existing.map((row) => [row.value.id, row]));
  const wanted = new Set<string>();
  let opened = 0;
  let resolved = 0;
  for (const candidate of candidates) {
    const id = alertId(candidate.rule, candidate.scope);
    wanted.add(id);
    const found = byId.get(id);
    try {
      if (!found) {
        await insertDiagnostic<AlertDocument>(store, {
          id,
          tenantId,
          docType: 'alert',
          ...candidate,
          status: 'active',
          firstDateTime: at,
          lastEvaluatedDateTime: at,
          resolvedDateTime: null,
          acknowledgedDateTime: null,
          acknowledgedBy: null,
        });
        opened += 1;
        continue;
      }
      const reopened = found.value.status === 'resolved';
      await replaceDiagnostic<AlertDocument>(
        store,
        {
          ...found.value,
          ...candidate,
          status: 'active',
          lastEvaluatedDateTime: at,
          ...(reopened
            ? { firstDateTime: at, resolvedDateTime: null, acknowledgedDateTime: null, acknowledgedBy: null }
            : {}),
        },
        found.etag,
      );
      if (reopened) opened += 1;
    } catch (error) {
      // Another region evaluated the same rule first; its write stands.
      if (!isPreconditionLost(error)) throw error;
    }
  }
  for (const row of existing) {
    if (wanted.has(row.value.id) || row.value.status === 'resolved') continue;
    try {
      await replaceDiagnostic<AlertDocument>(
        store,
        { ...row.value, status: 'resolved', resolvedDateTime: at, lastEvaluatedDateTime: at },
        row.etag,
      );
      resolved += 1;
    } catch (error) {
      if (!isPreconditionLost(error)) throw error;
    }
  }
  return { opened, resolved };
}

/** Gathers the rule inputs for one tenant (bounded reads) and applies the result. */
export async function evaluateTenantAlerts(options: {
  store: CosmosStore;
  tenantId: string;
  regions: readonly Pick<RegionHealth, 'region' | 'status' | 'checks'>[];
  now: Date;
  thresholds?: AlertThresholds;
}): Promise<{ opened: number; resolved: number; candidates: AlertCandidate[] }> {
  const { store, tenantId, now } = options;
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const graceUntil = new Date(now.getTime() + thresholds.graceEndingWithinHours * 3_600_000).toISOString();
  const [jobStats, failed, graceEnding] = await Promise.all([
    listCounters<JobStatsDocument>(
      store,
      tenantId,
      'jobStats',
      hourStart(new Date(now.getTime() - 3_600_000)),
    ),
    countWhere(store, 'cloudPcs', tenantId, "c.docType = 'cloudPc' AND c.status = 'failed'"),
    queryBounded<CloudPcDocument>(
      store,
      'cloudPcs',
      tenantId,
      "c.docType = 'cloudPc' AND c.status = 'inGracePeriod' AND c.gracePeriodEndDateTime <= @until",
      [{ name: '@until', value: graceUntil }],
      { top: 100 },
    ),
  ]);
  const candidates = evaluateAlertRules({
    now,
    thresholds,
    jobStats,
    failedCloudPcs: failed,
    graceEnding,
    regions: options.regions,
  });
  return { ...(await applyAlertEvaluation(store, tenantId, candidates, now)), candidates };
}

const SEVERITY_ORDER: Record<Alert['severity'], number> = { high: 0, medium: 1, low: 2, informational: 3 };

export async function listAlerts(store: CosmosStore, tenantId: string): Promise<Alert[]> {
  const rows = await queryDiagnostics<AlertDocument>(store, tenantId, "c.docType = 'alert'", [], {
    top: 500,
  });
  return rows
    .map((row) => toAlert(row.value))
    .sort(
      (a, b) =>
        Number(a.status === 'resolved') - Number(b.status === 'resolved') ||
        (SEVERITY_ORDER[a.severity] ?? 0) - (SEVERITY_ORDER[b.severity] ?? 0) ||
        b.lastEvaluatedDateTime.localeCompare(a.lastEvaluatedDateTime),
    );
}

/** Marks an alert as seen by the caller; audited like any other change. */
export async function acknowledgeAlert(options: {
  store: CosmosStore;
  context: RequestContext;
  id: string;
}): Promise<Alert> {
  const { store, context } = options;
  const found = await readDiagnostic<AlertDocument>(store, context.tenantId, options.id, 'alert');
  if (!found) throw new AppError('NotFound', `Alert ${options.id} was not found.`);
  const updated: AlertDocument = {
    ...found.value,
    acknowledgedDateTime: context.now().toISOString(),
    acknowledgedBy: context.actor.userPrincipalName ?? context.actor.applicationId ?? context.actor.objectId,
  };
  const saved = await replaceDiagnostic(store, updated, found.etag);
  await recordAuditEvent(store, {
    context,
    activity: 'Acknowledge alert',
    operation: 'other',
    resource: { id: found.value.id, displayName: found.value.title, type: 'alert' },
    before: { acknowledgedBy: found.value.acknowledgedBy },
    after: { acknowledgedBy: updated.acknowledgedBy },
  });
  return toAlert(saved.value);
}
