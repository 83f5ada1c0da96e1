/**
 * Failures a compute provider reports, named with the codes Windows 365 shows in
 * `statusDetail.code`, each with the message and recommended action an admin sees
 * and whether trying again can help. The provisioning engine decides retries from
 * `retryable` alone; it never looks at messages.
 */
export const COMPUTE_ERRORS = {
  allocationFailed: {
    message: 'Azure could not allocate a virtual machine of this size in the region at this time.',
    recommendedAction:
      'Wait and retry, or choose another region in the provisioning policy, then reprovision.',
    retryable: true,
  },
  imageNotFound: {
    message: 'The image selected in the provisioning policy could not be found or is no longer available.',
    recommendedAction: 'Choose a supported gallery image in the provisioning policy, then reprovision.',
    retryable: false,
  },
  domainJoinFailed: {
    message: 'The Cloud PC could not join Microsoft Entra ID.',
    recommendedAction:
      'Check that Microsoft Entra device join is allowed for all users (Devices > Device settings), then reprovision.',
    retryable: true,
  },
  intuneEnrollFailed: {
    message: 'The Cloud PC could not enroll in Microsoft Intune.',
    recommendedAction:
      'Check that the user has an Intune license and that Windows enrollment is not blocked by an enrollment restriction, then reprovision.',
    retryable: true,
  },
  resizeNotSupported: {
    message: 'The Cloud PC cannot be resized to the selected size.',
    recommendedAction: 'Choose a size with at least the current disk size.',
    retryable: false,
  },
  restorePointNotFound: {
    message: 'The selected restore point no longer exists.',
    recommendedAction: 'Pick another restore point from the list.',
    retryable: false,
  },
  internalServerError: {
    message: 'There was an internal server error.',
    recommendedAction: 'Retry the action. If it keeps failing, contact support with the job id.',
    retryable: true,
  },
} as const satisfies Record<string, { message: string; recommendedAction: string; retryable: boolean }>;

export type ComputeErrorCode = keyof typeof COMPUTE_ERRORS;

export const COMPUTE_ERROR_CODES = Object.keys(COMPUTE_ERRORS) as ComputeErrorCode[];

export function isComputeErrorCode(value: string): value is ComputeErrorCode {
  return Object.hasOwn(COMPUTE_ERRORS, value);
}

/**
 * A failed compute operation. Internal to the engine (it never reaches HTTP): the
 * job runner turns it into a retry or into the Cloud PC's `statusDetail`.
 */
export class ComputeError extends Error {
  readonly code: ComputeErrorCode;
  readonly retryable: boolean;
  readonly recommendedAction: string;

  constructor(code: ComputeErrorCode, detail?: string) {
    const entry = COMPUTE_ERRORS[code];
    super(detail ? `${entry.message} ${detail}` : entry.message);
    this.name = 'ComputeError';
    this.code = code;
    this.retryable = entry.retryable;
    this.recommendedAction = entry.recommendedAction;
  }
}

export function isComputeError(error: unknown): error is ComputeError {
  return error instanceof ComputeError;
}
