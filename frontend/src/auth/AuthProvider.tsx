import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import * as authApi from '../api/auth';
import { onSessionExpired, onSessionRenewed, setAccessToken } from '../api/session';
import type { User } from '../api/types';
import {
  announceSessionEnded,
  endingOfRefusal,
  idleEnding,
  onSessionEndedElsewhere,
  type SessionEnd,
} from './sessionEnd';

/** Where the session stands. */
export type AuthState =
  | { status: 'restoring' }
  /** `ended`: why the last session ended without the user logging out, if it did. */
  | { status: 'anonymous'; ended: SessionEnd | null }
  /** `idleTimeoutSeconds`: how long the session may stay idle (staff, admins); null: no limit. */
  | { status: 'authenticated'; user: User; idleTimeoutSeconds: number | null };

/** What components get from `useAuth`. */
export interface Auth {
  state: AuthState;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** Logs out a user idle past the session's limit; the login page says why. */
  logoutForInactivity: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

/** Holds the logged-in user; restores the session from the refresh cookie on start. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<AuthState>({ status: 'restoring' });

  useEffect(() => {
    let active = true;
    void authApi.restoreSession().then((session) => {
      if (!active) return;
      setState(session === null ? { status: 'anonymous', ended: null } : { status: 'authenticated', ...session });
    });
    return () => {
      active = false;
    };
  }, []);

  useEffect(
    () =>
      onSessionExpired((refusal) => {
        queryClient.clear();
        setState({ status: 'anonymous', ended: endingOfRefusal(refusal) });
      }),
    [queryClient],
  );

  // Every refresh answers with the session's idle limit: keep the latest.
  useEffect(
    () =>
      onSessionRenewed((idleTimeoutSeconds) =>
        setState((current) =>
          current.status === 'authenticated' && current.idleTimeoutSeconds !== idleTimeoutSeconds
            ? { ...current, idleTimeoutSeconds }
            : current,
        ),
      ),
    [],
  );

  // The tabs share one session: when another tab ends it, this one is logged out too
  // (the server has revoked it; the token in this tab's memory would only fail later).
  useEffect(
    () =>
      onSessionEndedElsewhere((ending) => {
        setAccessToken(null);
        queryClient.clear();
        setState((current) => (current.status === 'authenticated' ? { status: 'anonymous', ended: ending } : current));
      }),
    [queryClient],
  );

  const login = useCallback(async (username: string, password: string) => {
    const session = await authApi.login(username, password);
    setState({ status: 'authenticated', ...session });
  }, []);

  /** Ends the session here, in the other tabs and on the server. */
  const endSession = useCallback(
    async (ending: SessionEnd | null) => {
      announceSessionEnded(ending);
      try {
        await authApi.logout();
      } catch {
        // The token is forgotten either way; a server that cannot be reached will let
        // the session lapse when the access token expires.
      }
      queryClient.clear();
      setState({ status: 'anonymous', ended: ending });
    },
    [queryClient],
  );

  const logout = useCallback(() => endSession(null), [endSession]);

  const idleTimeoutSeconds = state.status === 'authenticated' ? state.idleTimeoutSeconds : null;
  const logoutForInactivity = useCallback(
    () => endSession(idleTimeoutSeconds === null ? { reason: 'expired' } : idleEnding(idleTimeoutSeconds)),
    [endSession, idleTimeoutSeconds],
  );

  const value = useMemo(
    () => ({ state, login, logout, logoutForInactivity }),
    [state, login, logout, logoutForInactivity],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The session and the login/logout actions. */
export function useAuth(): Auth {
  const context = useContext(AuthContext);
  if (context === null) throw new Error('useAuth must be used inside AuthProvider');
  return context;
}

/** The logged-in user; only for components rendered behind `RequireAuth`. */
export function useCurrentUser(): User {
  const { state } = useAuth();
  if (state.status !== 'authenticated') throw new Error('useCurrentUser needs a logged-in user');
  return state.user;
}
