import { z } from 'zod';
import { COMPUTE_ERROR_CODES, type ComputeErrorCode } from './compute-errors.ts';
import type { ComputeOperation, MachineRef } from './compute-provider.ts';

/**
 * Failures the simulated provider injects, by configuration: a rate (for chaos
 * runs), or a specific image or user (for deterministic tests and demos), each with
 * the Windows 365 code it should produce. Image and user rules apply to `create`,
 * where Windows 365 reports these failures.
 */
export interface FailureInjection {
  /** Probability in [0, 1] that an operation listed in `operations` fails. */
  rate: number;
  rateCode: ComputeErrorCode;
  operations: ComputeOperation[];
  /** Image id -> code. */
  images: Record<string, ComputeErrorCode>;
  /** User principal name (any case) -> code. */
  users: Record<string, ComputeErrorCode>;
}

export const NO_FAILURES: FailureInjection = {
  rate: 0,
  rateCode: 'allocationFailed',
  operations: ['create'],
  images: {},
  users: {},
};

const ZCode = z.enum(COMPUTE_ERROR_CODES as [ComputeErrorCode, ...ComputeErrorCode[]]);
const ZOperation = z.enum([
  'create',
  'delete',
  'power',
  'restart',
  'resize',
  'snapshot',
  'restore',
  'health',
] as const satisfies readonly ComputeOperation[]);

const ZFailureInjection = z
  .object({
    rate: z.number().min(0).max(1).default(0),
    rateCode: ZCode.default('allocationFailed'),
    operations: z.array(ZOperation).default(['create']),
    images: z.record(z.string(), ZCode).default({}),
    users: z.record(z.string(), ZCode).default({}),
  })
  .strict();

/** Parses the JSON form used in configuration, e.g. `{"users":{"user013@contoso.test":"allocationFailed"}}`. */
export function parseFailureInjection(text: string | undefined): FailureInjection {
  if (text === undefined || text.trim() === '') return NO_FAILURES;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(
      'Failure injection must be JSON, e.g. {"rate":0.1} or {"users":{"upn":"allocationFailed"}}',
    );
  }
  const parsed = ZFailureInjection.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `Invalid failure injection: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  return {
    ...parsed.data,
    users: Object.fromEntries(
      Object.entries(parsed.data.users).map(([upn, code]) => [upn.toLowerCase(), code]),
    ),
  };
}

/** The code this operation should fail with, if any. `random` returns a number in [0, 1). */
export function injectedFailure(
  injection: FailureInjection,
  operation: ComputeOperation,
  machine: MachineRef,
  random: () => number,
): ComputeErrorCode | undefined {
  if (operation === 'create') {
    const byImage = injection.images[machine.imageId];
    if (byImage) return byImage;
    const byUser = injection.users[machine.userPrincipalName.toLowerCase()];
    if (byUser) return byUser;
  }
  if (injection.rate > 0 && injection.operations.includes(operation) && random() < injection.rate) {
    return injection.rateCode;
  }
  return undefined;
}

/** Which step of `create` a failure surfaces at, so progress stops where Windows 365 would. */
export function failingStepIndex(code: ComputeErrorCode, stepCount: number): number {
  const at: Partial<Record<ComputeErrorCode, number>> = {
    allocationFailed: 0,
    imageNotFound: 1,
    domainJoinFailed: 2,
    intuneEnrollFailed: 3,
  };
  return Math.min(at[code] ?? stepCount - 1, stepCount - 1);
}
