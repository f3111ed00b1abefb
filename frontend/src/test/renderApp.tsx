import { StyleProvider } from '@ant-design/cssinjs';
import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { AppProviders } from '../app/AppProviders';
import { AppRoutes } from '../app/AppRoutes';
import type { Locale } from '../i18n/messages';

// Ant Design's styles go to an element outside the document. jsdom's getComputedStyle
// matches every rule of every stylesheet for each element it is asked about, and the
// role queries ask about many elements: with the styles in the document, each query
// takes seconds. Tests assert structure and text, never what the styles look like.
const detachedStyles = document.createElement('div');

/**
 * Renders the whole app at `path`, as the browser would, with `fetch` mocked by the test.
 * The language is French unless given; `null` starts as a real page load does, from the
 * stored choice or else the browser's languages.
 */
export function renderApp(path: string, locale: Locale | null = 'fr') {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <StyleProvider container={detachedStyles}>
      <AppProviders queryClient={queryClient} locale={locale ?? undefined}>
        <MemoryRouter initialEntries={[path]}>
          <AppRoutes />
        </MemoryRouter>
      </AppProviders>
    </StyleProvider>,
  );
}
