import type { CloudPc } from '@cloudpc/api-client';

/** What the home page shows of a Cloud PC: the API's cloudPC, minus nothing. */
export type MyCloudPc = Omit<CloudPc, '@odata.type'>;

export interface ProvisioningProgress {
  step: number;
  count: number;
  name: string;
}

/** The engine reports provisioning as "Step 2 of 5: Joining the domain" in statusDetail. */
export function provisioningProgress(cloudPc: MyCloudPc): ProvisioningProgress | undefined {
  if (cloudPc.status !== 'provisioning' || !cloudPc.statusDetail) return undefined;
  const match = /^Step (\d+) of (\d+): (.+)$/.exec(cloudPc.statusDetail.message);
  if (!match) return undefined;
  return { step: Number(match[1]), count: Number(match[2]), name: match[3] ?? '' };
}

const ACTION_NOUNS: Record<string, string> = {
  reboot: 'Restarting',
  rename: 'Renaming',
  restore: 'Restoring',
  troubleshoot: 'Troubleshooting',
  reprovision: 'Reprovisioning',
  resize: 'Resizing',
  powerOn: 'Starting',
  powerOff: 'Shutting down',
  endGracePeriod: 'Ending the grace period',
};

/** The remote action running now ("Restarting…"), if any. */
export function actionInProgress(cloudPc: MyCloudPc): string | undefined {
  const result = cloudPc.lastRemoteActionResult;
  if (!result || (result.actionState !== 'pending' && result.actionState !== 'active')) return undefined;
  return ACTION_NOUNS[result.actionName] ?? 'Working';
}

const TRANSITIONAL = new Set(['provisioning', 'restoring', 'resizing', 'deprovisioning', 'notProvisioned']);

/** Something is moving: the list refreshes by itself until it settles. */
export function isInProgress(cloudPc: MyCloudPc): boolean {
  return TRANSITIONAL.has(cloudPc.status) || actionInProgress(cloudPc) !== undefined;
}

/** Whether "Open in browser" can work now (the server checks again). */
export function canOpen(cloudPc: MyCloudPc): boolean {
  return (
    ['provisioned', 'provisionedWithWarnings', 'inGracePeriod'].includes(cloudPc.status) &&
    cloudPc.powerState !== 'poweredOff' &&
    actionInProgress(cloudPc) === undefined
  );
}

/** Whether the self-service actions (restart, rename, restore, troubleshoot) make sense now. */
export function canAct(cloudPc: MyCloudPc): boolean {
  return (
    ['provisioned', 'provisionedWithWarnings'].includes(cloudPc.status) &&
    actionInProgress(cloudPc) === undefined
  );
}

export type TroubleshootOutcome =
  | { kind: 'running' }
  | { kind: 'noIssues'; message: string }
  | { kind: 'issues'; message: string }
  | { kind: 'failed'; message: string };

/** The last troubleshoot's outcome in the four answers people expect. */
export function troubleshootOutcome(cloudPc: MyCloudPc): TroubleshootOutcome | undefined {
  const result = cloudPc.lastRemoteActionResult;
  if (result?.actionName !== 'troubleshoot') return undefined;
  if (result.actionState === 'pending' || result.actionState === 'active') return { kind: 'running' };
  const message = result.statusDetail?.message ?? '';
  if (result.actionState === 'failed') {
    return { kind: 'failed', message: message || 'Troubleshooting could not finish. Try again later.' };
  }
  if (result.statusDetail && result.statusDetail.code !== 'healthy') return { kind: 'issues', message };
  return { kind: 'noIssues', message: message || 'No issues found.' };
}

/** A date and time in the reader's locale, with the zone so support reads it right. */
export function formatDateTime(iso: string, locale?: string): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The properties support asks for, in a stable order, as label/value pairs. */
export function systemInformation(cloudPc: MyCloudPc): [string, string][] {
  return [
    ['Name', cloudPc.displayName],
    ['Device name', cloudPc.managedDeviceName],
    ['Cloud PC ID', cloudPc.id],
    ['User', cloudPc.userPrincipalName],
    ['Status', cloudPc.status],
    ['Power state', cloudPc.powerState],
    ['Size', cloudPc.servicePlanName],
    ['Image', cloudPc.imageDisplayName],
    ['Region', cloudPc.regionName],
    ['Provisioning policy', cloudPc.provisioningPolicyName],
    ['Last modified', cloudPc.lastModifiedDateTime],
  ];
}
