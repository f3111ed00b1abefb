import { createContext, useCallback, useContext, useMemo, useState, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { readPreference, writePreference } from '../app/preferences';

/** What the user asked for: follow the system, or always light or dark. */
export type ThemePreference = 'system' | 'light' | 'dark';

/** What components get from `useTheme`. */
export interface ThemeState {
  preference: ThemePreference;
  setPreference: (preference: ThemePreference) => void;
  /** Whether the dark theme is shown now (the preference, or the system's setting). */
  dark: boolean;
}

/** Where the theme preference is remembered. */
export const THEME_STORAGE_KEY = 'ecar.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';
const PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark'];

function isThemePreference(value: string | null): value is ThemePreference {
  return value !== null && (PREFERENCES as readonly string[]).includes(value);
}

function storedPreference(): ThemePreference {
  const value = readPreference(THEME_STORAGE_KEY);
  return isThemePreference(value) ? value : 'system';
}

// The system setting is an external store: subscribing follows it live, so switching the
// operating system to dark mode turns an open page dark without a reload.
function subscribeToSystem(onChange: () => void): () => void {
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

function systemIsDark(): boolean {
  return window.matchMedia(DARK_QUERY).matches;
}

const ThemeContext = createContext<ThemeState | null>(null);

/** Provides the theme preference and whether the page is dark. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const [preference, setPreferenceState] = useState<ThemePreference>(storedPreference);
  const systemDark = useSyncExternalStore(subscribeToSystem, systemIsDark, () => false);
  const dark = preference === 'dark' || (preference === 'system' && systemDark);

  const setPreference = useCallback((next: ThemePreference) => {
    setPreferenceState(next);
    writePreference(THEME_STORAGE_KEY, next);
  }, []);

  const value = useMemo(() => ({ preference, setPreference, dark }), [preference, setPreference, dark]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

/** The theme preference, its setter, and whether the page is dark. */
export function useTheme(): ThemeState {
  const context = useContext(ThemeContext);
  if (context === null) throw new Error('useTheme must be used inside ThemeProvider');
  return context;
}
