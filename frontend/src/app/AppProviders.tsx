import type { ReactNode } from 'react';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import arEG from 'antd/locale/ar_EG';
import enGB from 'antd/locale/en_GB';
import frFR from 'antd/locale/fr_FR';
import type { Locale as AntdLocale } from 'antd/es/locale';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { AuthProvider } from '../auth/AuthProvider';
import { I18nProvider, useI18n } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/messages';
import { DocumentTheme } from '../theme/DocumentTheme';
import { ThemeProvider, useTheme } from '../theme/ThemeProvider';

// Ant Design ships one Arabic locale (Egypt's); its words are Modern Standard Arabic,
// and the date pickers take their month names and digits from dayjs' ar-tn.
const ANTD_LOCALES: Record<Locale, AntdLocale> = { fr: frFR, en: enGB, ar: arEG };

/** Ant Design in the current language, direction and theme, with its message/modal context. */
function ConfiguredAntd({ children }: { children: ReactNode }) {
  const { locale, direction } = useI18n();
  const { dark } = useTheme();
  return (
    <ConfigProvider
      locale={ANTD_LOCALES[locale]}
      direction={direction}
      theme={{ algorithm: dark ? theme.darkAlgorithm : theme.defaultAlgorithm }}
    >
      <DocumentTheme />
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** Everything the screens rely on: queries, language, theme, Ant Design, session. */
export function AppProviders({
  queryClient,
  locale,
  children,
}: {
  queryClient: QueryClient;
  locale?: Locale;
  children: ReactNode;
}) {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider locale={locale}>
        <ThemeProvider>
          <ConfiguredAntd>
            <AuthProvider>{children}</AuthProvider>
          </ConfiguredAntd>
        </ThemeProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}
