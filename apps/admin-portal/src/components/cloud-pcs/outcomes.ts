import { describeError } from '../loadable.ts';

export interface Outcome {
  intent: 'success' | 'warning' | 'error';
  title: string;
  message?: string;
  requestId?: string;
}

/** One message for an action run on several Cloud PCs: what started, what was refused and why. */
export function summarizeOutcomes(
  actionLabel: string,
  names: readonly string[],
  results: readonly PromiseSettledResult<unknown>[],
): Outcome {
  const failed = results.flatMap((result, index) =>
    result.status === 'rejected' ? [{ name: names[index] ?? '', error: result.reason as unknown }] : [],
  );
  const started = results.length - failed.length;
  const noun = (count: number) => (count === 1 ? 'Cloud PC' : 'Cloud PCs');
  if (failed.length === 0) {
    return {
      intent: 'success',
      title: `${actionLabel} started on ${started} ${noun(started)}`,
      message: 'Progress shows in the list as the service works.',
    };
  }
  const first = failed[0];
  const { message, requestId } = describeError(first?.error);
  return {
    intent: started === 0 ? 'error' : 'warning',
    title:
      started === 0
        ? `${actionLabel} did not start on ${failed.length} ${noun(failed.length)}`
        : `${actionLabel} started on ${started} ${noun(started)}; ${failed.length} refused`,
    message: `${first?.name}: ${message}`,
    ...(requestId ? { requestId } : {}),
  };
}
