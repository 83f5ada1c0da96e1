'use client';

import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

/**
 * What the pages need from sign-in. Issue 3 puts MSAL behind it; pages do not change.
 */
export interface AuthContextValue {
  /** Starts interactive sign-in. */
  signIn: () => void;
  /** A message about sign-in for the person, or undefined. */
  notice?: string;
}

const AuthContext = createContext<AuthContextValue | undefined>(undefined);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<string>();
  // Placeholder until local Entra ID and MSAL arrive: say so instead of pretending.
  const signIn = useCallback(() => setNotice('Sign-in arrives with identity (issue 3).'), []);
  const value = useMemo(() => ({ signIn, notice }), [signIn, notice]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
