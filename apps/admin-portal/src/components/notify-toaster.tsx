'use client';

import { Toast, ToastBody, Toaster, ToastTitle, useId, useToastController } from '@fluentui/react-components';
import { useEffect } from 'react';
import type { Outcome } from './cloud-pcs/outcomes.ts';

/**
 * The Fluent toaster, loaded with the first notification (notify.tsx): once mounted it hands
 * its dispatcher back, and the provider shows what was queued meanwhile.
 */
export function NotifyToaster({ onReady }: { onReady: (dispatch: (outcome: Outcome) => void) => void }) {
  const toasterId = useId('toaster');
  const { dispatchToast } = useToastController(toasterId);
  useEffect(() => {
    const dispatch = (outcome: Outcome) =>
      dispatchToast(
        <Toast>
          <ToastTitle>{outcome.title}</ToastTitle>
          {outcome.message || outcome.requestId ? (
            <ToastBody>
              {outcome.message}
              {outcome.requestId ? ` Request ID: ${outcome.requestId}` : ''}
            </ToastBody>
          ) : null}
        </Toast>,
        { intent: outcome.intent, timeout: outcome.intent === 'success' ? 5_000 : 10_000 },
      );
    onReady(dispatch);
  }, [dispatchToast, onReady]);
  return <Toaster toasterId={toasterId} position="bottom-end" />;
}
