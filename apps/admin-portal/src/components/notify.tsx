'use client';

import {
  createContext,
  lazy,
  type ReactNode,
  Suspense,
  useCallback,
  useContext,
  useRef,
  useState,
} from 'react';
import type { Outcome } from './cloud-pcs/outcomes.ts';

const NotifyContext = createContext<((outcome: Outcome) => void) | undefined>(undefined);

// The toaster (Fluent's toast package) loads with the first notification, not with every
// page: only signed-in people ever get one.
const NotifyToaster = lazy(() =>
  import('./notify-toaster.tsx').then((module) => ({ default: module.NotifyToaster })),
);

/**
 * One toaster per page: every mutation reports its outcome through `useNotify()`. Outcomes
 * reported before the toaster has loaded are queued and shown as soon as it is there.
 */
export function NotifyProvider({ children }: { children: ReactNode }) {
  const dispatch = useRef<((outcome: Outcome) => void) | undefined>(undefined);
  const queue = useRef<Outcome[]>([]);
  const [isWanted, setIsWanted] = useState(false);
  const notify = useCallback((outcome: Outcome) => {
    if (dispatch.current) {
      dispatch.current(outcome);
      return;
    }
    queue.current.push(outcome);
    setIsWanted(true);
  }, []);
  const onReady = useCallback((ready: (outcome: Outcome) => void) => {
    dispatch.current = ready;
    for (const outcome of queue.current.splice(0)) ready(outcome);
  }, []);
  return (
    <NotifyContext.Provider value={notify}>
      {children}
      {isWanted ? (
        <Suspense fallback={null}>
          <NotifyToaster onReady={onReady} />
        </Suspense>
      ) : null}
    </NotifyContext.Provider>
  );
}

export function useNotify(): (outcome: Outcome) => void {
  const value = useContext(NotifyContext);
  if (!value) throw new Error('useNotify must be used inside <NotifyProvider>');
  return value;
}
