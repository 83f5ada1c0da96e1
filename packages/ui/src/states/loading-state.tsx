'use client';

import { mergeClasses, Spinner } from '@fluentui/react-components';
import { useStateStyles } from './state-styles.ts';
import type { LoadingStateProps } from './states.types.ts';

/** A spinner with a visible label, announced politely while the content loads. */
export function LoadingState({ label = 'Loading…', size = 'medium', className }: LoadingStateProps) {
  const styles = useStateStyles();
  return (
    // The spinner's label is the status text; the region is busy until it is replaced.
    <div role="status" aria-live="polite" aria-busy="true" className={mergeClasses(styles.root, className)}>
      <Spinner size={size} label={label} labelPosition="below" />
    </div>
  );
}
