import { Select } from 'antd';
import { useI18n } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/messages';

// Each language is named in itself, so that anyone can find their own.
const OPTIONS: { value: Locale; label: string }[] = [
  { value: 'fr', label: 'Français' },
  { value: 'en', label: 'English' },
];

/** Picks the interface language. */
export function LanguageSwitcher() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Select<Locale>
      aria-label={t('header.language')}
      value={locale}
      options={OPTIONS}
      onChange={setLocale}
      variant="borderless"
      popupMatchSelectWidth={false}
    />
  );
}
