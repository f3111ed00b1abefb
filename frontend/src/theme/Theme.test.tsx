import { act, screen } from '@testing-library/react';
import { theme } from 'antd';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '../api/session';
import { jsonResponse, mockFetch } from '../test/fetchMock';
import { isMenuCount } from '../test/fixtures';
import { renderApp } from '../test/renderApp';
import { setupUser } from '../test/user';
import { testUser } from '../test/users';

/** A server with a restorable staff session and an empty customer list. */
function staffSession() {
  mockFetch((request) => {
    if (request.path === '/api/token/refresh') return jsonResponse(200, { access: 'tok' });
    if (request.path === '/api/users/me') return jsonResponse(200, testUser('staff'));
    if (isMenuCount(request.path)) return jsonResponse(200, { results: [], next_cursor: null });
    if (request.path.startsWith('/api/customers?')) return jsonResponse(200, { results: [], next_cursor: null });
    return undefined;
  });
}

/** A system colour scheme that the test can switch while the page is open. */
function systemScheme(initiallyDark: boolean) {
  let dark = initiallyDark;
  const listeners = new Set<() => void>();
  vi.spyOn(window, 'matchMedia').mockImplementation((query: string) => {
    const isDarkQuery = query === '(prefers-color-scheme: dark)';
    return {
      get matches() {
        return isDarkQuery && dark;
      },
      media: query,
      onchange: null,
      addListener: vi.fn(),
      removeListener: vi.fn(),
      addEventListener: (_type: string, listener: () => void) => {
        if (isDarkQuery) listeners.add(listener);
      },
      removeEventListener: (_type: string, listener: () => void) => {
        listeners.delete(listener);
      },
      dispatchEvent: vi.fn(() => true),
    } as unknown as MediaQueryList;
  });
  return {
    switchTo(nowDark: boolean) {
      dark = nowDark;
      act(() => listeners.forEach((listener) => listener()));
    },
  };
}

const html = () => document.documentElement;

/** The page background as jsdom normalises it (`rgb(…)`), for a colour Ant Design gives as hex. */
function rgb(hex: string): string {
  const value = hex.replace('#', '');
  const full = value.length === 3 ? [...value].map((digit) => digit + digit).join('') : value;
  const [r, g, b] = [0, 2, 4].map((start) => parseInt(full.slice(start, start + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}
const DARK_BACKGROUND = rgb(theme.getDesignToken({ algorithm: theme.darkAlgorithm }).colorBgLayout);
const LIGHT_BACKGROUND = rgb(theme.getDesignToken().colorBgLayout);

beforeEach(() => {
  setAccessToken(null);
  // What an earlier test left on <html> must not make this one pass.
  html().removeAttribute('data-theme');
  document.body.style.background = '';
});

describe('theme', () => {
  it('follows the system setting, live', async () => {
    const system = systemScheme(true);
    staffSession();
    renderApp('/customers');
    await screen.findByRole('heading', { name: 'Clients' });

    expect(html()).toHaveAttribute('data-theme', 'dark');
    expect(document.body.style.background).toBe(DARK_BACKGROUND);

    system.switchTo(false);
    expect(html()).toHaveAttribute('data-theme', 'light');
    expect(document.body.style.background).toBe(LIGHT_BACKGROUND);
  });

  it('lets the header switch override the system, and remembers it on reload', async () => {
    systemScheme(true);
    staffSession();
    const first = renderApp('/customers');
    const user = setupUser();
    await screen.findByRole('heading', { name: 'Clients' });
    expect(html()).toHaveAttribute('data-theme', 'dark');

    await user.click(screen.getByRole('button', { name: 'Thème' }));
    await user.click(await screen.findByRole('menuitem', { name: /Clair/ }));

    expect(html()).toHaveAttribute('data-theme', 'light');
    expect(document.body.style.background).toBe(LIGHT_BACKGROUND);
    first.unmount();
    html().removeAttribute('data-theme');

    staffSession();
    renderApp('/customers');
    await screen.findByRole('heading', { name: 'Clients' });
    expect(html()).toHaveAttribute('data-theme', 'light');
  });

  it('restores a stored dark theme on a light system, until set back to the system', async () => {
    systemScheme(false);
    window.localStorage.setItem('ecar.theme', 'dark');
    staffSession();
    renderApp('/customers');
    const user = setupUser();
    await screen.findByRole('heading', { name: 'Clients' });
    expect(html()).toHaveAttribute('data-theme', 'dark');
    expect(document.body.style.background).toBe(DARK_BACKGROUND);

    await user.click(screen.getByRole('button', { name: 'Thème' }));
    await user.click(await screen.findByRole('menuitem', { name: /Comme le système/ }));

    expect(html()).toHaveAttribute('data-theme', 'light');
    expect(window.localStorage.getItem('ecar.theme')).toBe('system');
  });
});
