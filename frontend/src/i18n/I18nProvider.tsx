import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/fr';
import 'dayjs/locale/en-gb';
import {
  DEFAULT_LOCALE,
  dictionaries,
  translate,
  type Locale,
  type MessageKey,
  type MessageParams,
} from './messages';

/** What components get from `useI18n`. */
export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, params?: MessageParams) => string;
}

const I18nContext = createContext<I18n | null>(null);

/** Where the chosen language is remembered (a preference, not a secret). */
const LOCALE_STORAGE_KEY = 'ecar.locale';
const DAYJS_LOCALES: Record<Locale, string> = { fr: 'fr', en: 'en-gb' };

function isLocale(value: string | null): value is Locale {
  return value !== null && value in dictionaries;
}

function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** Provides the current language and the `t` function to the tree. */
export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => fixed ?? storedLocale());

  useEffect(() => {
    document.documentElement.lang = locale;
    // Ant Design's date pickers format through dayjs' global locale.
    dayjs.locale(DAYJS_LOCALES[locale]);
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(LOCALE_STORAGE_KEY, next);
    } catch {
      // Storage can be disabled (private mode): the choice then lasts for this visit.
    }
  }, []);

  const t = useCallback(
    (key: MessageKey, params?: MessageParams) => translate(locale, key, params),
    [locale],
  );

  const value = useMemo(() => ({ locale, setLocale, t }), [locale, setLocale, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language, its setter and the translation function. */
export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (context === null) throw new Error('useI18n must be used inside I18nProvider');
  return context;
}
