import { useLayoutEffect } from 'react';
import { theme } from 'antd';
import { useTheme } from './ThemeProvider';

/**
 * Paints what lies outside Ant Design's components with the theme: the page behind
 * them (else white around the login card in dark mode), the text colour, and the
 * browser's own scrollbars and form controls (`color-scheme`). `data-theme` on <html>
 * says which theme is shown, for the end-to-end tests and anyone inspecting the page.
 */
export function DocumentTheme() {
  const { dark } = useTheme();
  const { token } = theme.useToken();
  // Before the browser paints: no white frame before the dark one.
  useLayoutEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = dark ? 'dark' : 'light';
    root.style.colorScheme = dark ? 'dark' : 'light';
    document.body.style.margin = '0';
    document.body.style.background = token.colorBgLayout;
    document.body.style.color = token.colorText;
  }, [dark, token.colorBgLayout, token.colorText]);
  return null;
}
