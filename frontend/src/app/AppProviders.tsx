import type { ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import enGB from 'antd/locale/en_GB';
import frFR from 'antd/locale/fr_FR';
import type { Locale as AntdLocale } from 'antd/es/locale';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { AuthProvider } from '../auth/AuthProvider';
import { I18nProvider, useI18n } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/messages';

const ANTD_LOCALES: Record<Locale, AntdLocale> = { fr: frFR, en: enGB };

/** Ant Design in the current language, with its message/modal context. */
function LocalizedAntd({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={ANTD_LOCALES[locale]}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** Everything the screens rely on: queries, language, Ant Design, session. */
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
        <LocalizedAntd>
          <AuthProvider>{children}</AuthProvider>
        </LocalizedAntd>
      </I18nProvider>
    </QueryClientProvider>
  );
}
