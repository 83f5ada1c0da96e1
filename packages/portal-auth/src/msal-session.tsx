'use client';

import {
  type AccountInfo,
  AuthError,
  type AuthenticationResult,
  BrowserCacheLocation,
  type Configuration,
  EventType,
  InteractionRequiredAuthError,
  InteractionStatus,
  PublicClientApplication,
} from '@azure/msal-browser';
import { MsalProvider, useMsal } from '@azure/msal-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AuthContextValue } from './auth-context.tsx';
import type { PortalAuthConfig, SignedInUser } from './auth-types.ts';
import { writeSessionHint } from './session-hint.ts';
import { rolesFromAccessToken, tenantLabelFor } from './token-claims.ts';

/**
 * The MSAL side of sign-in. This module is loaded after hydration (auth-provider.tsx), so
 * msal-browser stays out of the first-load JavaScript of every page.
 */

export interface MsalSessionHandle {
  instance: PublicClientApplication;
  sessionHintCookie: string;
  /** Why the sign-in that just came back failed, in words for the person. */
  redirectError?: string;
  signIn: () => Promise<void>;
  signOut: () => Promise<void>;
  getToken: (options?: { forceRefresh?: boolean }) => Promise<string | undefined>;
  reauthenticate: () => void;
}

// The one PublicClientApplication of this page, created on first use from the server's
// configuration and kept for the life of the page; never created inside a component.
let instance: PublicClientApplication | undefined;
let starting: Promise<MsalSessionHandle> | undefined;

const REDIRECT_GUARD_KEY = 'cloudpc.auth.reauthenticatedAt';
const REDIRECT_GUARD_MS = 60_000;

function msalConfiguration(config: PortalAuthConfig): Configuration {
  const origin = window.location.origin;
  return {
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      // Local Entra only (ADR 0002); against Entra ID the server sends neither.
      ...(config.knownAuthorities ? { knownAuthorities: config.knownAuthorities } : {}),
      ...(config.authorityMetadata ? { authorityMetadata: config.authorityMetadata } : {}),
      // Registered per portal as the origin's root, on every host and port it is served from.
      redirectUri: `${origin}/`,
      postLogoutRedirectUri: `${origin}/`,
    },
    // Shared by the tabs of the browser session; ADR 0004 weighs it against sessionStorage.
    cache: { cacheLocation: BrowserCacheLocation.LocalStorage },
  };
}

function never(): Promise<never> {
  return new Promise<never>(() => undefined);
}

/** A sign-in failure, in words for the person; never a stack. */
export function describeAuthError(error: unknown): string {
  if (error instanceof AuthError) {
    if (error.errorCode === 'access_denied' || error.errorCode === 'user_cancelled') {
      return 'Sign-in was cancelled.';
    }
    const firstLine = (error.errorMessage || error.message).split(/\r?\n/)[0]?.trim();
    return firstLine ? `Sign-in did not complete: ${firstLine}` : 'Sign-in did not complete. Try again.';
  }
  return 'Sign-in did not complete. Try again.';
}

function isInteractionInProgress(error: unknown): boolean {
  return error instanceof AuthError && error.errorCode === 'interaction_in_progress';
}

function activeAccount(pca: PublicClientApplication): AccountInfo | undefined {
  return pca.getActiveAccount() ?? pca.getAllAccounts()[0] ?? undefined;
}

function createHandle(pca: PublicClientApplication, config: PortalAuthConfig, redirectError?: string) {
  const scopes = [config.apiScope];

  const redirectForToken = async (account: AccountInfo): Promise<never> => {
    try {
      await pca.acquireTokenRedirect({ scopes, account });
    } catch (error) {
      // Another redirect already started; this page is leaving either way.
      if (!isInteractionInProgress(error)) throw error;
    }
    return never();
  };

  const handle: MsalSessionHandle = {
    instance: pca,
    sessionHintCookie: config.sessionHintCookie,
    ...(redirectError ? { redirectError } : {}),
    async signIn() {
      try {
        await pca.loginRedirect({ scopes });
      } catch (error) {
        if (!isInteractionInProgress(error)) throw error;
      }
    },
    async signOut() {
      writeSessionHint(config.sessionHintCookie, false);
      const account = activeAccount(pca);
      if (!account) {
        window.location.assign('/');
        return;
      }
      // MSAL 5 sends the post-logout redirect only with an id_token_hint (ADR 0002).
      await pca.logoutRedirect({
        account,
        ...(account.idToken ? { idTokenHint: account.idToken } : {}),
        postLogoutRedirectUri: `${window.location.origin}/`,
      });
    },
    async getToken(options = {}) {
      const account = activeAccount(pca);
      if (!account) return undefined;
      try {
        const result = await pca.acquireTokenSilent({
          scopes,
          account,
          forceRefresh: options.forceRefresh ?? false,
        });
        return result.accessToken;
      } catch (error) {
        // Refresh token and hidden-iframe renewal both failed: only the sign-in page can help.
        if (error instanceof InteractionRequiredAuthError) return redirectForToken(account);
        throw error;
      }
    },
    reauthenticate() {
      const account = activeAccount(pca);
      if (!account) return;
      // A fresh token the API still refuses is a configuration problem (an unknown tenant,
      // a wrong audience), not a stale session: redirect once, never in a loop.
      const last = Number(window.sessionStorage.getItem(REDIRECT_GUARD_KEY) ?? 0);
      if (Date.now() - last < REDIRECT_GUARD_MS) return;
      window.sessionStorage.setItem(REDIRECT_GUARD_KEY, String(Date.now()));
      void redirectForToken(account).catch((error: unknown) => console.error(error));
    },
  };
  return handle;
}

/**
 * The identity provider's redirect after sign-out brings back `?state=…`, which MSAL leaves
 * in the address bar; so does a response MSAL refused. Keep the URL clean (and bookmarkable).
 */
function removeLeftoverResponse(): void {
  const url = new URL(window.location.href);
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
  if (!url.searchParams.has('state') && !hash.has('state')) return;
  for (const key of [
    'state',
    'code',
    'error',
    'error_description',
    'error_uri',
    'session_state',
    'client_info',
  ]) {
    url.searchParams.delete(key);
  }
  if (hash.has('state')) url.hash = '';
  // Keeps Next's router state, which it stores in history.state.
  window.history.replaceState(window.history.state, '', url);
}

/** Creates the PublicClientApplication once, awaits initialize() and handles a returning redirect. */
export function startMsalSession(config: PortalAuthConfig): Promise<MsalSessionHandle> {
  starting ??= (async () => {
    instance ??= new PublicClientApplication(msalConfiguration(config));
    const pca = instance;
    await pca.initialize();
    let redirectError: string | undefined;
    try {
      const result = await pca.handleRedirectPromise();
      if (result?.account) pca.setActiveAccount(result.account);
    } catch (error) {
      redirectError = describeAuthError(error);
    }
    removeLeftoverResponse();
    const account = activeAccount(pca);
    if (account && !pca.getActiveAccount()) pca.setActiveAccount(account);
    pca.addEventCallback((message) => {
      if (
        message.eventType === EventType.LOGIN_SUCCESS ||
        message.eventType === EventType.ACQUIRE_TOKEN_SUCCESS
      ) {
        const payload = message.payload as AuthenticationResult | null;
        if (payload?.account) pca.setActiveAccount(payload.account);
      }
    });
    return createHandle(pca, config, redirectError);
  })();
  // A failed start (the identity provider unreachable) may be retried by the next sign-in.
  starting.catch(() => {
    starting = undefined;
  });
  return starting;
}

type Resolution = { accountId: string; roles: string[] } | { accountId: string; error: string };

const NO_ROLES: readonly string[] = [];

function toUser(
  account: Pick<AccountInfo, 'name' | 'username' | 'tenantId'>,
  roles: readonly string[],
): SignedInUser {
  return {
    name: account.name?.trim() || account.username,
    username: account.username,
    tenantId: account.tenantId,
    tenantLabel: tenantLabelFor(account.username, account.tenantId),
    roles: [...roles],
  };
}

interface SessionStateProps {
  handle: MsalSessionHandle;
  expectsSession: boolean;
  onChange: (value: AuthContextValue) => void;
}

/** Turns msal-react's view of the session into the portal's AuthContext value. */
function SessionState({ handle, expectsSession, onChange }: SessionStateProps) {
  const { instance: pca, accounts, inProgress } = useMsal();
  const account = pca.getActiveAccount() ?? accounts[0];
  const accountId = account?.homeAccountId;
  const [resolution, setResolution] = useState<Resolution>();
  const [attempt, setAttempt] = useState(0);
  const [signInError, setSignInError] = useState<string>();
  const isIdle = inProgress === InteractionStatus.None;

  // The roles live in the API's access token: getting one both proves the session works
  // and says what to show. Silent, from the cache after sign-in.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs it on retry.
  useEffect(() => {
    if (!accountId || !isIdle) return;
    let active = true;
    handle.getToken().then(
      (token) => active && setResolution({ accountId, roles: token ? rolesFromAccessToken(token) : [] }),
      (error: unknown) => active && setResolution({ accountId, error: describeTokenError(error) }),
    );
    return () => {
      active = false;
    };
  }, [handle, accountId, isIdle, attempt]);

  const resolved = resolution?.accountId === accountId ? resolution : undefined;
  let status: AuthContextValue['status'];
  if (inProgress === InteractionStatus.Startup || inProgress === InteractionStatus.HandleRedirect) {
    status = 'starting';
  } else if (!account) {
    status = 'signedOut';
  } else if (!resolved) {
    status = 'starting';
  } else {
    status = 'error' in resolved ? 'failed' : 'signedIn';
  }

  useEffect(() => {
    if (status === 'signedIn') writeSessionHint(handle.sessionHintCookie, true);
    else if (status === 'signedOut') writeSessionHint(handle.sessionHintCookie, false);
  }, [status, handle]);

  const signIn = useCallback(() => {
    setSignInError(undefined);
    handle.signIn().catch((error: unknown) => setSignInError(describeAuthError(error)));
  }, [handle]);
  const signOut = useCallback(() => {
    handle.signOut().catch((error: unknown) => setSignInError(describeAuthError(error)));
  }, [handle]);
  const retry = useCallback(() => {
    setResolution(undefined);
    setAttempt((n) => n + 1);
  }, []);

  // MSAL hands out a new account object on every read: depend on its fields, or every
  // render would publish a "new" session and render again, forever.
  const name = account?.name;
  const username = account?.username;
  const tenantId = account?.tenantId;
  const roles = resolved && 'roles' in resolved ? resolved.roles : NO_ROLES;
  const hasUser =
    username !== undefined && tenantId !== undefined && (status === 'signedIn' || status === 'failed');
  const user = useMemo(
    () => (hasUser ? toUser({ name, username, tenantId }, roles) : undefined),
    [hasUser, name, username, tenantId, roles],
  );
  const failure = status === 'failed' && resolved && 'error' in resolved ? resolved.error : undefined;
  const notice = signInError ?? failure ?? (status === 'signedOut' ? handle.redirectError : undefined);

  const value = useMemo<AuthContextValue>(
    () => ({
      status,
      ...(user ? { user } : {}),
      ...(notice ? { notice } : {}),
      isBusy: !isIdle,
      // An account in the cache means a session is being confirmed: show progress, not the landing.
      expectsSession: expectsSession || Boolean(accountId),
      signIn,
      signOut,
      getToken: handle.getToken,
      reauthenticate: handle.reauthenticate,
      retry,
    }),
    [status, user, notice, isIdle, expectsSession, accountId, signIn, signOut, handle, retry],
  );

  useEffect(() => onChange(value), [onChange, value]);
  return null;
}

function describeTokenError(error: unknown): string {
  if (error instanceof AuthError && error.errorCode === 'no_network_connectivity') {
    return 'The sign-in service cannot be reached. Check your connection and try again.';
  }
  return 'Your session could not be confirmed with the sign-in service. Try again.';
}

export interface MsalSessionProps {
  handle: MsalSessionHandle;
  expectsSession: boolean;
  /** Receives the session as the portal's AuthContext value, on every change. */
  onChange: (value: AuthContextValue) => void;
}

/**
 * MsalProvider, rendered only once the instance is initialized. It sits beside the page,
 * not around it: wrapping the page only after MSAL loaded would remount the whole page
 * (focus, scroll and input lost) the moment the session is known.
 */
export function MsalSession({ handle, expectsSession, onChange }: MsalSessionProps) {
  return (
    <MsalProvider instance={handle.instance}>
      <SessionState handle={handle} expectsSession={expectsSession} onChange={onChange} />
    </MsalProvider>
  );
}
