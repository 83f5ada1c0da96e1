'use client';

import { ApiError, type LaunchSession, redeemLaunchTicket, reportMyConnection } from '@cloudpc/api-client';
import { useEffect, useState } from 'react';
import { ApiProvider, useApi } from '../../data/api-context.tsx';
import { describeError } from '../loadable.ts';
import { type SessionState, SessionView } from './session-view.tsx';

// A ticket is single-use: redeem it once per page load, even when React runs effects twice.
const redemptions = new Map<string, Promise<LaunchSession>>();

function refusalTitle(error: unknown): string {
  if (error instanceof ApiError && error.status === 409 && /already used/.test(error.message)) {
    return 'This launch link was already used';
  }
  if (error instanceof ApiError && /expired/.test(error.message)) return 'This launch link has expired';
  if (error instanceof ApiError && error.status === 409) return 'Your Cloud PC cannot take a connection now';
  return 'Your Cloud PC could not be opened';
}

function Connect() {
  const { api } = useApi();
  const [state, setState] = useState<SessionState>({
    kind: 'connecting',
    step: 'Checking your launch link…',
  });
  const [session, setSession] = useState<LaunchSession>();

  useEffect(() => {
    const ticket = new URLSearchParams(window.location.search).get('ticket');
    if (!ticket) {
      setState({
        kind: 'refused',
        title: 'No launch link',
        message: 'Open your Cloud PC from My Cloud PCs to start a session.',
      });
      return;
    }
    let pending = redemptions.get(ticket);
    if (!pending) {
      pending = api.call(redeemLaunchTicket, { body: { ticket } }).then((result) => result.data);
      redemptions.set(ticket, pending);
    }
    let live = true;
    pending.then(
      (redeemed) => {
        if (!live) return;
        // The ticket is spent: keep it out of history, bookmarks and the address bar.
        window.history.replaceState(null, '', '/session');
        document.title = `${redeemed.cloudPcDisplayName} · Cloud PC`;
        setSession(redeemed);
        setState({
          kind: 'connected',
          cloudPcDisplayName: redeemed.cloudPcDisplayName,
          regionName: redeemed.regionName,
          timeToConnectMs: redeemed.timeToConnectMs,
        });
      },
      (error: unknown) => {
        if (!live) return;
        const { message, requestId } = describeError(error);
        setState({
          kind: 'refused',
          title: refusalTitle(error),
          message,
          ...(requestId ? { requestId } : {}),
        });
      },
    );
    return () => {
      live = false;
    };
  }, [api]);

  function disconnect() {
    if (!session) return;
    setState({ kind: 'disconnected', cloudPcDisplayName: session.cloudPcDisplayName });
    void api
      .call(reportMyConnection, {
        params: { id: session.connectionId },
        body: { disconnectReason: 'userClosed' },
      })
      .catch(() => undefined);
  }

  return <SessionView state={state} {...(session ? { onDisconnect: disconnect } : {})} />;
}

/** Redeems the launch ticket with the signed-in person's token and shows the session. */
export function SessionConnect() {
  return (
    <ApiProvider>
      <Connect />
    </ApiProvider>
  );
}
