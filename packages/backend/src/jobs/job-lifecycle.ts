import type { JobStatus } from './job-types.ts';

/**
 * The job state machine. `running -> pending` is a retry (after backoff) or a lease
 * given back on shutdown; `pending -> failed` is the reaper, the poison path or
 * exhausted attempts; `pending/running -> cancelled` is a job that lost its Cloud
 * PC fence (someone else's job owns the Cloud PC now). Terminal states are final.
 */
export type JobEvent = 'claim' | 'retry' | 'release' | 'succeed' | 'fail' | 'cancel' | 'requeue';

export const JOB_TRANSITIONS: Record<JobEvent, { from: readonly JobStatus[]; to: JobStatus }> = {
  // Claiming a running job is a takeover, allowed only once its lease has expired.
  claim: { from: ['pending', 'running'], to: 'running' },
  retry: { from: ['running'], to: 'pending' },
  release: { from: ['running'], to: 'pending' },
  requeue: { from: ['pending', 'running'], to: 'pending' },
  succeed: { from: ['running', 'pending'], to: 'succeeded' },
  fail: { from: ['pending', 'running'], to: 'failed' },
  cancel: { from: ['pending', 'running'], to: 'cancelled' },
};

export class IllegalJobTransition extends Error {
  constructor(from: JobStatus, event: JobEvent) {
    super(`A ${from} job cannot ${event}.`);
    this.name = 'IllegalJobTransition';
  }
}

export function nextJobStatus(from: JobStatus, event: JobEvent): JobStatus {
  const rule = JOB_TRANSITIONS[event];
  if (!rule.from.includes(from)) throw new IllegalJobTransition(from, event);
  switch (event) {
    case 'claim':
    case 'retry':
    case 'release':
    case 'requeue':
    case 'succeed':
    case 'fail':
    case 'cancel':
      return rule.to;
    default: {
      const unhandled: never = event;
      throw new Error(`Unhandled job event ${String(unhandled)}`);
    }
  }
}
