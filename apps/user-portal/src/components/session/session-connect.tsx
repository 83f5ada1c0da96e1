'use client';

import {
  ApiError,
  getMyCloudPcLaunchInfo,
  type LaunchSession,
  redeemLaunchTicket,
  reportMyConnection,
} from '@cloudpc/api-client';
import { useAuth } from '@cloudpc/portal-auth/auth-context.tsx';
import { Button } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiProvider, useApi } from '../../data/api-context.tsx';
import { describeError } from '../loadable.ts';
import {
  type BufferedChannel,
  type GatewayOutcome,
  type GatewaySession,
  MAX_RECONNECT_ATTEMPTS,
  openGatewaySession,
  reconnectDelayMs,
  refusalTitle,
} from './gateway-client.ts';
import { type DesktopEnd, SessionDesktop } from './session-desktop.tsx';
import { type SessionState, SessionView } from './session-view.tsx';

// A ticket is single-use: present it once per page load, even when React runs effects twice.
const redemptions = new Map<string, Promise<LaunchSession>>();
const gatewayAttempts = new Map<string, Promise<GatewayOutcome>>();

function apiRefusalTitle(error: unknown): string {
  if (error instanceof ApiError && error.status === 409 && /already used/.test(error.message)) {
    return 'This launch link was already used';
  }
  if (error instanceof ApiError && /expired/.test(error.message)) return 'This launch link has expired';
  if (error instanceof ApiError && error.status === 409) return 'Your Cloud PC cannot take a connection now';
  return 'Your Cloud PC could not be opened';
}

function ticketFromUrl(): string | null {
  return new URLSearchParams(window.location.search).get('ticket');
}

const NO_TICKET: SessionState = {
  kind: 'refused',
  title: 'No launch link',
  message: 'Open your Cloud PC from My Cloud PCs to start a session.',
};

/** Without a gateway (none configured): the ticket is redeemed through the API and no desktop is shown. */
function ApiRedeemConnect() {
  const { api } = useApi();
  const [state, setState] = useState<SessionState>({
    kind: 'connecting',
    step: 'Checking your launch link…',
  });
  const [session, setSession] = useState<LaunchSession>();

  useEffect(() => {
    const ticket = ticketFromUrl();
    if (!ticket) {
      setState(NO_TICKET);
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
          title: apiRefusalTitle(error),
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

type Phase =
  | { kind: 'view'; state: SessionState; session?: GatewaySession }
  | {
      kind: 'desktop';
      channel: BufferedChannel;
      vncPassword: string;
      session: GatewaySession;
      status?: string;
    };

/**
 * Through the connection gateway: the ticket and the person's token go to the gateway,
 * which bridges to the desktop. After a network blip it reconnects with backoff, each
 * time with a fresh ticket (tickets are single use).
 */
function GatewayConnect({ gatewayUrl }: { gatewayUrl: string }) {
  const { api } = useApi();
  const { getToken } = useAuth();
  const [phase, setPhase] = useState<Phase>({
    kind: 'view',
    state: { kind: 'connecting', step: 'Checking your launch link…' },
  });
  const lastSession = useRef<GatewaySession | undefined>(undefined);
  const alive = useRef(true);

  const present = useCallback(
    async (ticket: string): Promise<GatewayOutcome> => {
      let pending = gatewayAttempts.get(ticket);
      if (!pending) {
        pending = (async () => {
          const accessToken = await getToken();
          if (!accessToken)
            return { kind: 'refused', code: 'Unauthorized', message: 'Sign in again.' } as const;
          return openGatewaySession({ gatewayUrl, ticket, accessToken });
        })();
        gatewayAttempts.set(ticket, pending);
      }
      return pending;
    },
    [gatewayUrl, getToken],
  );

  const show = useCallback((outcome: GatewayOutcome, attempt: number): boolean => {
    if (!alive.current) return true;
    if (outcome.kind === 'ready') {
      lastSession.current = outcome.session;
      window.history.replaceState(null, '', '/session');
      document.title = `${outcome.session.cloudPcDisplayName} · Cloud PC`;
      setPhase({
        kind: 'desktop',
        channel: outcome.channel,
        vncPassword: outcome.vncPassword,
        session: outcome.session,
      });
      return true;
    }
    if (outcome.kind === 'noDesktop') {
      lastSession.current = outcome.session;
      window.history.replaceState(null, '', '/session');
      document.title = `${outcome.session.cloudPcDisplayName} · Cloud PC`;
      setPhase({
        kind: 'view',
        session: outcome.session,
        state: {
          kind: 'connected',
          cloudPcDisplayName: outcome.session.cloudPcDisplayName,
          regionName: outcome.session.regionName,
          timeToConnectMs: outcome.session.timeToConnectMs,
          note: outcome.message,
        },
      });
      return true;
    }
    if (outcome.kind === 'refused') {
      // While reconnecting, a desktop that is restarting comes back: keep trying.
      const transient = /already used/.test(outcome.message) || outcome.reason === 'notRunning';
      if (outcome.code !== 'Conflict' || !transient || attempt === 0) {
        setPhase({
          kind: 'view',
          state: {
            kind: 'refused',
            title: refusalTitle(outcome.code, outcome.message),
            message: outcome.message,
          },
        });
        return true;
      }
    }
    return false;
  }, []);

  // First connection: the ticket from the launch URL.
  useEffect(() => {
    alive.current = true;
    const ticket = ticketFromUrl();
    if (!ticket) {
      setPhase({ kind: 'view', state: NO_TICKET });
      return;
    }
    setPhase({ kind: 'view', state: { kind: 'connecting', step: 'Connecting to your Cloud PC…' } });
    // Load the viewer while the gateway checks the ticket, not after.
    void import('@novnc/novnc');
    void present(ticket).then((outcome) => {
      if (show(outcome, 0)) return;
      setPhase({
        kind: 'view',
        state: {
          kind: 'refused',
          title: 'The connection gateway could not be reached',
          message: 'Check your network connection, then open your Cloud PC again from My Cloud PCs.',
        },
      });
    });
    return () => {
      alive.current = false;
    };
  }, [present, show]);

  const reconnect = useCallback(
    async (session: GatewaySession) => {
      for (let attempt = 1; attempt <= MAX_RECONNECT_ATTEMPTS && alive.current; attempt++) {
        const delay = reconnectDelayMs(attempt);
        setPhase((current) =>
          current.kind === 'desktop'
            ? { ...current, status: `Connection lost. Reconnecting in ${Math.round(delay / 1000)} s…` }
            : {
                kind: 'view',
                state: { kind: 'connecting', step: `Connection lost. Reconnecting (attempt ${attempt})…` },
              },
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
        let ticket: string;
        try {
          const info = (await api.call(getMyCloudPcLaunchInfo, { params: { id: session.cloudPcId } })).data;
          ticket = new URL(info.cloudPcLaunchUrl, window.location.origin).searchParams.get('ticket') ?? '';
        } catch (error) {
          if (error instanceof ApiError && error.status < 500) {
            const { message } = describeError(error);
            setPhase({
              kind: 'view',
              state: { kind: 'refused', title: refusalTitle('Conflict', message), message },
            });
            return;
          }
          continue;
        }
        const outcome = await present(ticket);
        if (show(outcome, attempt)) return;
      }
      if (!alive.current) return;
      setPhase({
        kind: 'view',
        state: {
          kind: 'refused',
          title: 'The connection to your Cloud PC was lost',
          message:
            'Your Cloud PC keeps running. Check your network connection, then open it again from My Cloud PCs.',
        },
      });
    },
    [api, present, show],
  );

  const ended = useCallback(
    (how: DesktopEnd) => {
      const session = lastSession.current;
      if (!alive.current || !session) return;
      if (how === 'user') {
        setPhase({
          kind: 'view',
          state: { kind: 'disconnected', cloudPcDisplayName: session.cloudPcDisplayName },
        });
        return;
      }
      if (how === 'authFailed') {
        setPhase({
          kind: 'view',
          state: {
            kind: 'refused',
            title: 'Your Cloud PC refused the connection',
            message: 'Restart your Cloud PC from My Cloud PCs, then open it again.',
          },
        });
        return;
      }
      void reconnect(session);
    },
    [reconnect],
  );

  function disconnectWithoutDesktop() {
    const session = lastSession.current;
    if (!session) return;
    setPhase({
      kind: 'view',
      state: { kind: 'disconnected', cloudPcDisplayName: session.cloudPcDisplayName },
    });
    void api
      .call(reportMyConnection, {
        params: { id: session.connectionId },
        body: { disconnectReason: 'userClosed' },
      })
      .catch(() => undefined);
  }

  if (phase.kind === 'desktop') {
    return (
      <SessionDesktop
        key={phase.session.connectionId}
        channel={phase.channel}
        vncPassword={phase.vncPassword}
        session={phase.session}
        {...(phase.status ? { status: phase.status } : {})}
        onEnded={ended}
      />
    );
  }
  const action =
    phase.state.kind === 'refused' && lastSession.current ? (
      <Button appearance="primary" onClick={() => lastSession.current && void reconnect(lastSession.current)}>
        Try again
      </Button>
    ) : undefined;
  return (
    <SessionView
      state={phase.state}
      {...(action ? { action } : {})}
      {...(phase.session && phase.state.kind === 'connected'
        ? { onDisconnect: disconnectWithoutDesktop }
        : {})}
    />
  );
}

/** Opens the session the launch ticket names, through the gateway when one is configured. */
export function SessionConnect({ gatewayUrl }: { gatewayUrl: string | null }) {
  return (
    <ApiProvider>
      {gatewayUrl ? <GatewayConnect gatewayUrl={gatewayUrl} /> : <ApiRedeemConnect />}
    </ApiProvider>
  );
}
