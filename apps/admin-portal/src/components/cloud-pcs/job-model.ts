import type { CloudPcJob, CloudPcJobKind, CloudPcJobStatus, RemoteActionName } from '@cloudpc/api-client';

export const JOB_KIND_LABELS: Record<CloudPcJobKind, string> = {
  provision: 'Provisioning',
  deprovision: 'Deprovisioning',
  startGracePeriod: 'Grace period started',
  cancelGracePeriod: 'Grace period cancelled',
  remoteAction: 'Remote action',
};

export const REMOTE_ACTION_LABELS: Record<RemoteActionName, string> = {
  reboot: 'Restart',
  rename: 'Rename',
  reprovision: 'Reprovision',
  resize: 'Resize',
  restore: 'Restore',
  troubleshoot: 'Troubleshoot',
  endGracePeriod: 'End grace period',
  powerOn: 'Power on',
  powerOff: 'Power off',
};

export const JOB_STATUS_LABELS: Record<CloudPcJobStatus, string> = {
  pending: 'Queued',
  running: 'In progress',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** What a job did, in the words of the admin center: "Restart", "Provisioning", … */
export function jobTitle(job: Pick<CloudPcJob, 'kind' | 'actionName'>): string {
  if (job.kind === 'remoteAction' && job.actionName) return REMOTE_ACTION_LABELS[job.actionName];
  return JOB_KIND_LABELS[job.kind];
}

export function isJobActive(job: Pick<CloudPcJob, 'status'>): boolean {
  return job.status === 'pending' || job.status === 'running';
}

/** Seconds between two instants, in words ("4 s", "2 min 5 s"); undefined while open. */
export function durationOf(start: string | null, end: string | null): string | undefined {
  if (!start || !end) return undefined;
  const seconds = Math.max(0, Math.round((Date.parse(end) - Date.parse(start)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** The remote actions among the jobs: the Cloud PC's remote action history. */
export function remoteActionHistory(jobs: readonly CloudPcJob[]): CloudPcJob[] {
  return jobs.filter((job) => job.kind === 'remoteAction');
}
