import { createContext, useCallback, useContext, useLayoutEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/fr';
import 'dayjs/locale/en-gb';
import 'dayjs/locale/ar-tn';
import { readPreference, writePreference } from '../app/preferences';
import {
  DIRECTIONS,
  localeFromLanguages,
  parseLocale,
  translate,
  type Locale,
  type MessageKey,
  type MessageParams,
} from './messages';

/** What components get from `useI18n`. */
export interface I18n {
  locale: Locale;
  /** The writing direction of the language, for what CSS logical properties cannot mirror. */
  direction: 'ltr' | 'rtl';
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, params?: MessageParams) => string;
}

const I18nContext = createContext<I18n | null>(null);

/** Where the chosen language is remembered. */
export const LOCALE_STORAGE_KEY = 'ecar.locale';

// Ant Design's date pickers format through dayjs' global locale. Tunisian Arabic (ar-tn)
// rather than plain `ar`: Latin digits and the month names used in Tunisia (جانفي, فيفري…).
export const DAYJS_LOCALES: Record<Locale, string> = { fr: 'fr', en: 'en-gb', ar: 'ar-tn' };

/** The remembered choice, else the browser's preferred languages, else French. */
function initialLocale(): Locale {
  const stored = parseLocale(readPreference(LOCALE_STORAGE_KEY));
  if (stored !== null) return stored;
  const languages = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  return localeFromLanguages(languages);
}

/** Provides the current language and the `t` function to the tree. */
export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => fixed ?? initialLocale());
  const direction = DIRECTIONS[locale];

  // Before the browser paints, so that an Arabic page never shows a first frame left to right.
  useLayoutEffect(() => {
    // On <html>, so that the browser, screen readers, and Ant Design's portals (modals,
    // dropdowns, messages are rendered outside the app's root) all see the language.
    document.documentElement.lang = locale;
    document.documentElement.dir = direction;
    dayjs.locale(DAYJS_LOCALES[locale]);
  }, [locale, direction]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    writePreference(LOCALE_STORAGE_KEY, next);
  }, []);

  const t = useCallback(
    (key: MessageKey, params?: MessageParams) => translate(locale, key, params),
    [locale],
  );

  const value = useMemo(() => ({ locale, direction, setLocale, t }), [locale, direction, setLocale, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language, its setter and the translation function. */
export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (context === null) throw new Error('useI18n must be used inside I18nProvider');
  return context;
}
