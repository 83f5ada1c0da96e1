'use client';

import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { describeError } from './loadable.ts';

/** Data shown longer than this without a refresh is called out. */
export const STALE_AFTER_MS = 2 * 60_000;

export type Staleness =
  | { kind: 'fresh' }
  /** The last refresh failed; what is shown is from `updatedAt`. */
  | { kind: 'failing'; updatedAt: number; message: string; requestId?: string }
  /** Nothing refreshed it for a while (idle pages do not poll). */
  | { kind: 'old'; updatedAt: number };

export interface QueryFreshness {
  /** 0 until the first answer. */
  dataUpdatedAt: number;
  isRefetchError: boolean;
  error: unknown;
}

export function stalenessOf(query: QueryFreshness, now: number, staleAfterMs = STALE_AFTER_MS): Staleness {
  if (query.dataUpdatedAt === 0) return { kind: 'fresh' };
  if (query.isRefetchError) {
    const { message, requestId } = describeError(query.error);
    return { kind: 'failing', updatedAt: query.dataUpdatedAt, message, ...(requestId ? { requestId } : {}) };
  }
  if (now - query.dataUpdatedAt > staleAfterMs) return { kind: 'old', updatedAt: query.dataUpdatedAt };
  return { kind: 'fresh' };
}

/** The current time, re-read every `everyMs` (a cheap timer; no work otherwise). */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** How long ago, in words: "just now", "3 min ago", "2 h ago". */
export function ago(then: number, now: number): string {
  const minutes = Math.floor((now - then) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ago`;
}

/** The worst staleness of several queries on one page (failing beats old beats fresh). */
export function worstOf(...all: Staleness[]): Staleness {
  return (
    all.find((entry) => entry.kind === 'failing') ??
    all.find((entry) => entry.kind === 'old') ?? { kind: 'fresh' }
  );
}

/**
 * Says when what the page shows may be out of date: the last refresh failed (with the
 * request id to quote) or nothing refreshed it for a while; offers to refresh now.
 */
export function StaleBanner({
  staleness,
  now,
  onRetry,
}: {
  staleness: Staleness;
  now: number;
  onRetry: () => void;
}) {
  if (staleness.kind === 'fresh') return null;
  const when = ago(staleness.updatedAt, now);
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>
          {staleness.kind === 'failing' ? 'This page could not be refreshed' : 'This page may be out of date'}
        </MessageBarTitle>
        {staleness.kind === 'failing'
          ? `It shows what the service said ${when}. ${staleness.message}${staleness.requestId ? ` Request ID: ${staleness.requestId}` : ''}`
          : `It was last refreshed ${when}.`}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={onRetry}>{staleness.kind === 'failing' ? 'Try again' : 'Refresh now'}</Button>
      </MessageBarActions>
    </MessageBar>
  );
}

/** The staleness of a page's queries, re-judged as time passes. */
export function useStaleness(...queries: QueryFreshness[]): { staleness: Staleness; now: number } {
  const now = useNow();
  return { staleness: worstOf(...queries.map((query) => stalenessOf(query, now))), now };
}
