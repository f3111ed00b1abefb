import { Select } from 'antd';
import { useI18n } from '../i18n/I18nProvider';
import { LOCALE_NAMES, type Locale } from '../i18n/messages';

// Each language is named in itself (Français, English, العربية), so that anyone can find their own.
const OPTIONS = (Object.keys(LOCALE_NAMES) as Locale[]).map((value) => ({ value, label: LOCALE_NAMES[value] }));

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
