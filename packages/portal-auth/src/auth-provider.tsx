'use client';

import { type ReactNode, useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { AuthContext, type AuthContextValue } from './auth-context.tsx';
import type { PortalAuthConfig, PortalAuthSetup } from './auth-types.ts';
import type { MsalSessionHandle, MsalSessionProps } from './msal-session.tsx';
import { isRedirectBridge, isReturningFromSignIn, runRedirectBridge } from './redirect-bridge.ts';

interface LoadedSession {
  handle: MsalSessionHandle;
  MsalSession: (props: MsalSessionProps) => ReactNode;
}

let loading: Promise<LoadedSession> | undefined;

/** Loads MSAL (a separate chunk) and starts the one session of this page. */
function loadSession(config: PortalAuthConfig): Promise<LoadedSession> {
  loading ??= import('./msal-session.tsx').then(async (module) => ({
    handle: await module.startMsalSession(config),
    MsalSession: module.MsalSession,
  }));
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

const subscribeNever = () => () => undefined;

export interface AuthProviderProps {
  /** From the root layout (server): MSAL's configuration, or why sign-in is unavailable. */
  setup: PortalAuthSetup;
  /** The session hint cookie the server saw (session-hint.ts). */
  expectsSession: boolean;
  children: ReactNode;
}

/**
 * Sign-in for the whole portal. The server renders with `status: 'starting'` (it cannot see
 * the browser's token cache); after hydration MSAL loads, `initialize()` and the redirect
 * response are awaited, and only then is MsalProvider rendered (msal-session.tsx), beside
 * the page, feeding it the session through AuthContext.
 * In the hidden iframe or popup of a token renewal the page is only the redirect bridge.
 */
export function AuthProvider({ setup, expectsSession, children }: AuthProviderProps) {
  // False on the server and while hydrating, so the markup matches; then the real answer.
  const isBridge = useSyncExternalStore(subscribeNever, isRedirectBridge, () => false);
  const isReturning = useSyncExternalStore(subscribeNever, isReturningFromSignIn, () => false);
  const expects = expectsSession || isReturning;
  const config = setup.ok ? setup.config : undefined;
  const [loaded, setLoaded] = useState<LoadedSession>();
  const [session, setSession] = useState<AuthContextValue>();
  const [failure, setFailure] = useState<string>();
  const [isSigningIn, setIsSigningIn] = useState(false);

  useEffect(() => {
    if (isRedirectBridge()) {
      runRedirectBridge();
      return;
    }
    if (!config) return;
    let active = true;
    loadSession(config).then(
      (session) => active && setLoaded(session),
      (error: unknown) => {
        console.error('sign-in could not start', error);
        if (active) setFailure('Sign-in could not start. Check your connection and try again.');
      },
    );
    return () => {
      active = false;
    };
  }, [config]);

  // Before MSAL is ready a press on "Sign in" waits for it instead of being lost.
  const signIn = useCallback(() => {
    if (!config) return;
    setIsSigningIn(true);
    loadSession(config)
      .then(({ handle }) => handle.signIn())
      .catch((error: unknown) => {
        console.error('sign-in could not start', error);
        setIsSigningIn(false);
        setFailure('Sign-in could not start. Check your connection and try again.');
      });
  }, [config]);
  const getToken = useCallback(
    async (options?: { forceRefresh?: boolean }) =>
      config ? (await loadSession(config)).handle.getToken(options) : undefined,
    [config],
  );

  const startingValue = useMemo<AuthContextValue>(() => {
    const notice = setup.ok ? failure : setup.reason;
    return {
      status: setup.ok && !failure ? 'starting' : 'unavailable',
      ...(notice ? { notice } : {}),
      isBusy: isSigningIn,
      expectsSession: setup.ok && expects && !failure,
      signIn,
      signOut: () => undefined,
      getToken,
      reauthenticate: () => undefined,
      retry: () => window.location.reload(),
    };
  }, [setup, failure, isSigningIn, expects, signIn, getToken]);

  if (isBridge) return null;
  return (
    <>
      {loaded ? (
        <loaded.MsalSession handle={loaded.handle} expectsSession={expects} onChange={setSession} />
      ) : null}
      <AuthContext.Provider value={session ?? startingValue}>{children}</AuthContext.Provider>
    </>
  );
}
