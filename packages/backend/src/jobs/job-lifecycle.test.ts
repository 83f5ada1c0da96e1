import { describe, expect, it } from 'vitest';
import { IllegalJobTransition, JOB_TRANSITIONS, type JobEvent, nextJobStatus } from './job-lifecycle.ts';
import { JOB_STATUSES } from './job-types.ts';

describe('job lifecycle', () => {
  it('allows exactly the transitions in the table', () => {
    for (const status of JOB_STATUSES) {
      for (const event of Object.keys(JOB_TRANSITIONS) as JobEvent[]) {
        const rule = JOB_TRANSITIONS[event];
        if (rule.from.includes(status)) expect(nextJobStatus(status, event)).toBe(rule.to);
        else expect(() => nextJobStatus(status, event)).toThrow(IllegalJobTransition);
      }
    }
  });

  it('never leaves a terminal state', () => {
    for (const status of ['succeeded', 'failed', 'cancelled'] as const) {
      for (const event of Object.keys(JOB_TRANSITIONS) as JobEvent[]) {
        expect(() => nextJobStatus(status, event)).toThrow(IllegalJobTransition);
      }
    }
  });
});
