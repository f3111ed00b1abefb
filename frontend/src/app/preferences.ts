// Preferences (language, theme) are remembered in localStorage: they are not secrets,
// and they must be known before the first render, without asking the server.

/** The stored value of a preference, or null if none is stored or storage is disabled. */
export function readPreference(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Remembers a preference; with storage disabled (private mode) it lasts for this visit. */
export function writePreference(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Nothing to do: the choice still applies until the page is closed.
  }
}
