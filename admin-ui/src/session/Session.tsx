import { useIdle } from '@mantine/hooks';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Api, basic, type Credentials } from '../api/client';
import type { LoginAnswer, Scope } from '../api/types';

/** Signed out after this long without a key press, click or touch. */
export const INACTIVITY_LIMIT_MS = 15 * 60 * 1000;

export interface SignedIn {
  username: string;
  scope: Scope;
  token: string;
  expiresAt: number;
}

interface SessionValue {
  user: SignedIn | null;
  /** The API with the session's token, or anonymous when signed out. */
  api: Api;
  /** Only admins change anything; an auditor's screens have no change controls (and the server refuses anyway). */
  canChange: boolean;
  signIn(credentials: Credentials): Promise<SignedIn>;
  signOut(reason?: string): void;
  /** Why the last session ended, when it was not the person's own choice. */
  endedBecause: string | null;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Asks the server for a token; the console is for admins and auditors only. */
export async function requestToken(credentials: Credentials): Promise<SignedIn> {
  const answer = await new Api(basic(credentials)).post<LoginAnswer>('/api/login');
  if (answer.scope !== 'ADMIN' && answer.scope !== 'AUDITOR') {
    throw new Error('This console is for admins and auditors. People manage their devices in their Jami app.');
  }
  return {
    username: credentials.username,
    scope: answer.scope,
    token: answer.access_token,
    expiresAt: Date.now() + answer.expires_in * 1000,
  };
}

/**
 * The signed-in admin or auditor. The token lives in this component's memory only (never in storage or a cookie), so
 * a reload or a closed tab signs out; inactivity and the token's own expiry sign out too.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SignedIn | null>(null);
  const [endedBecause, setEndedBecause] = useState<string | null>(null);
  const idle = useIdle(INACTIVITY_LIMIT_MS, { initialState: false });

  const signOut = useCallback((reason?: string) => {
    setUser(null);
    setEndedBecause(reason ?? null);
  }, []);

  useEffect(() => {
    if (user && idle) signOut('You were signed out after 15 minutes without activity.');
  }, [idle, user, signOut]);

  useEffect(() => {
    if (!user) return undefined;
    const timer = window.setTimeout(() => signOut('Your session expired: sign in again.'),
      Math.max(0, user.expiresAt - Date.now()));
    return () => window.clearTimeout(timer);
  }, [user, signOut]);

  const signIn = useCallback(async (credentials: Credentials) => {
    const signedIn = await requestToken(credentials);
    setEndedBecause(null);
    setUser(signedIn);
    return signedIn;
  }, []);

  const value = useMemo<SessionValue>(() => ({
    user,
    api: new Api(user ? `Bearer ${user.token}` : null,
      () => signOut('Your session ended on the server: sign in again.')),
    canChange: user?.scope === 'ADMIN',
    signIn,
    signOut,
    endedBecause,
  }), [user, signIn, signOut, endedBecause]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
