import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import * as authApi from '../api/auth';
import { onSessionExpired } from '../api/session';
import type { User } from '../api/types';

/** Where the session stands. */
export type AuthState =
  | { status: 'restoring' }
  | { status: 'anonymous'; expired: boolean }
  | { status: 'authenticated'; user: User };

/** What components get from `useAuth`. */
export interface Auth {
  state: AuthState;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

/** Holds the logged-in user; restores the session from the refresh cookie on start. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<AuthState>({ status: 'restoring' });

  useEffect(() => {
    let active = true;
    void authApi.restoreSession().then((user) => {
      if (!active) return;
      setState(user === null ? { status: 'anonymous', expired: false } : { status: 'authenticated', user });
    });
    return () => {
      active = false;
    };
  }, []);

  useEffect(
    () =>
      onSessionExpired(() => {
        queryClient.clear();
        setState({ status: 'anonymous', expired: true });
      }),
    [queryClient],
  );

  const login = useCallback(async (username: string, password: string) => {
    const user = await authApi.login(username, password);
    setState({ status: 'authenticated', user });
  }, []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      // The token is forgotten either way; a server that cannot be reached will let
      // the session lapse when the access token expires.
    }
    queryClient.clear();
    setState({ status: 'anonymous', expired: false });
  }, [queryClient]);

  const value = useMemo(() => ({ state, login, logout }), [state, login, logout]);
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
