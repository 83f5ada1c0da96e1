import type { UnavailableCloudPc, UnavailableCloudPcs } from '@cloudpc/api-client';
import type { CloudPcDocument } from '../cloud-pcs/cloud-pc-repository.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import { recommendedActionFor } from './counters.ts';
import { queryBounded } from './diagnostics-repository.ts';

export const MAX_UNAVAILABLE = 200;
/** Provisioning that has not moved for this long is reported as not available. */
export const STALLED_AFTER_MS = 60 * 60_000;

type Candidate = Pick<
  CloudPcDocument,
  | 'id'
  | 'displayName'
  | 'userPrincipalName'
  | 'regionName'
  | 'status'
  | 'statusDetail'
  | 'gracePeriodEndDateTime'
  | 'lastModifiedDateTime'
  | 'lastRemoteActionResult'
  | 'powerState'
>;

/** Pure: whether a Cloud PC is unavailable to its user, and the words that explain it. */
export function describeUnavailable(cloudPc: Candidate, now: Date): UnavailableCloudPc | undefined {
  const last = cloudPc.lastRemoteActionResult;
  const lastEvent = last
    ? `${last.actionName}: ${last.actionState}${last.statusDetail ? ` (${last.statusDetail.code})` : ''}`
    : cloudPc.statusDetail
      ? `${cloudPc.statusDetail.code}: ${cloudPc.statusDetail.message}`
      : null;
  const base = {
    cloudPcId: cloudPc.id,
    displayName: cloudPc.displayName,
    userPrincipalName: cloudPc.userPrincipalName,
    regionName: cloudPc.regionName,
    status: cloudPc.status,
    sinceDateTime: cloudPc.lastModifiedDateTime,
    lastEvent,
    errorCode: cloudPc.statusDetail?.code ?? null,
  };
  switch (cloudPc.status) {
    case 'failed': {
      const code = cloudPc.statusDetail?.code ?? 'unknown';
      const known = recommendedActionFor(code);
      return {
        ...base,
        likelyCause: cloudPc.statusDetail?.message ?? known.message,
        recommendedAction: cloudPc.statusDetail?.recommendedAction ?? known.recommendedAction,
      };
    }
    case 'inGracePeriod':
      return {
        ...base,
        likelyCause: `The user is no longer in a group targeted by a provisioning policy; the Cloud PC is removed at ${cloudPc.gracePeriodEndDateTime ?? 'the end of its grace period'}.`,
        recommendedAction:
          'Add the user back to a targeted group to keep the Cloud PC, or end the grace period to remove it now.',
      };
    case 'provisioning':
    case 'notProvisioned': {
      const stalledMs = now.getTime() - Date.parse(cloudPc.lastModifiedDateTime);
      if (stalledMs < STALLED_AFTER_MS) return undefined;
      return {
        ...base,
        likelyCause: `Provisioning has not progressed for ${Math.round(stalledMs / 60_000)} minutes.`,
        recommendedAction: 'Look for stuck jobs or poison messages on the pipeline page, then reprovision.',
      };
    }
    default:
      if (cloudPc.powerState === 'poweredOff') {
        return {
          ...base,
          likelyCause: 'The Cloud PC is turned off.',
          recommendedAction: 'Ask the user to restart it, or power it on from its page.',
        };
      }
      return undefined;
  }
}

export async function listUnavailableCloudPcs(options: {
  store: CosmosStore;
  tenantId: string;
  now: Date;
}): Promise<UnavailableCloudPcs> {
  const { now } = options;
  const rows = await queryBounded<CloudPcDocument>(
    options.store,
    'cloudPcs',
    options.tenantId,
    "c.docType = 'cloudPc' AND (c.status IN ('failed', 'inGracePeriod') OR (c.status IN ('provisioning', 'notProvisioned') AND c.lastModifiedDateTime < @stalled) OR c.powerState = 'poweredOff')",
    [{ name: '@stalled', value: new Date(now.getTime() - STALLED_AFTER_MS).toISOString() }],
    { top: MAX_UNAVAILABLE + 1 },
  );
  const value = rows
    .slice(0, MAX_UNAVAILABLE)
    .flatMap((row) => {
      const described = describeUnavailable(row, now);
      return described ? [described] : [];
    })
    // Failed first, then the longest-standing.
    .sort(
      (a, b) =>
        Number(b.status === 'failed') - Number(a.status === 'failed') ||
        a.sinceDateTime.localeCompare(b.sinceDateTime),
    );
  return { generatedDateTime: now.toISOString(), value, isTruncated: rows.length > MAX_UNAVAILABLE };
}
