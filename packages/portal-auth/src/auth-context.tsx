'use client';

import { createContext, useContext } from 'react';
import type { AuthStatus, SignedInUser } from './auth-types.ts';

/**
 * What pages need from sign-in, whatever drives it: the AuthProvider while MSAL loads,
 * then the MSAL session. Display decisions only; the API authorizes every call.
 */
export interface AuthContextValue {
  status: AuthStatus;
  /** Set while `status` is `signedIn` (and `failed`, when an account is known). */
  user?: SignedInUser;
  /** A message about sign-in for the person (why it did not happen, why it is unavailable). */
  notice?: string;
  /** A redirect to or from the identity provider is under way; sign-in buttons wait. */
  isBusy: boolean;
  /**
   * The server saw this browser signed in last time (a hint cookie, ADR 0004): while
   * `starting`, show progress instead of the signed-out landing.
   */
  expectsSession: boolean;
  /** Starts the redirect to the sign-in page. */
  signIn: () => void;
  /** Signs out of the portal and of the identity provider, back to the landing. */
  signOut: () => void;
  /**
   * An access token for the CloudPC API, acquired silently (refresh token, then a hidden
   * iframe); when only an interactive sign-in can help, the page redirects and this never
   * settles. Undefined when nobody is signed in.
   */
  getToken: (options?: { forceRefresh?: boolean }) => Promise<string | undefined>;
  /** The API refused even a fresh token: sign in interactively (at most once a minute). */
  reauthenticate: () => void;
  /** After `failed`: try to obtain a token again. */
  retry: () => void;
}

export const AuthContext = createContext<AuthContextValue | undefined>(undefined);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
