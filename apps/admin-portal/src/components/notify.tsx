'use client';

import { Toast, ToastBody, Toaster, ToastTitle, useId, useToastController } from '@fluentui/react-components';
import { createContext, type ReactNode, useCallback, useContext } from 'react';
import type { Outcome } from './cloud-pcs/outcomes.ts';

const NotifyContext = createContext<((outcome: Outcome) => void) | undefined>(undefined);

/** One toaster per page: every mutation reports its outcome through `useNotify()`. */
export function NotifyProvider({ children }: { children: ReactNode }) {
  const toasterId = useId('toaster');
  const { dispatchToast } = useToastController(toasterId);
  const notify = useCallback(
    (outcome: Outcome) =>
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
      ),
    [dispatchToast],
  );
  return (
    <NotifyContext.Provider value={notify}>
      {children}
      <Toaster toasterId={toasterId} position="bottom-end" />
    </NotifyContext.Provider>
  );
}

export function useNotify(): (outcome: Outcome) => void {
  const value = useContext(NotifyContext);
  if (!value) throw new Error('useNotify must be used inside <NotifyProvider>');
  return value;
}
