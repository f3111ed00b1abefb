import type { ReactNode } from 'react';
import { BulbFilled, BulbOutlined, DesktopOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import { useTheme, type ThemePreference } from '../theme/ThemeProvider';

const CHOICES: readonly { value: ThemePreference; label: MessageKey; icon: ReactNode }[] = [
  { value: 'system', label: 'theme.system', icon: <DesktopOutlined /> },
  { value: 'light', label: 'theme.light', icon: <BulbOutlined /> },
  { value: 'dark', label: 'theme.dark', icon: <BulbFilled /> },
];

/** Picks the light or dark theme, or follows the system's setting (the default). */
export function ThemeSwitcher() {
  const { t } = useI18n();
  const { preference, setPreference } = useTheme();
  const current = CHOICES.find((choice) => choice.value === preference);
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [preference],
        items: CHOICES.map((choice) => ({ key: choice.value, icon: choice.icon, label: t(choice.label) })),
        onClick: ({ key }) => {
          const choice = CHOICES.find((candidate) => candidate.value === key);
          if (choice !== undefined) setPreference(choice.value);
        },
      }}
    >
      <Button
        type="text"
        icon={current?.icon}
        aria-label={t('header.theme')}
        title={current === undefined ? undefined : t(current.label)}
      />
    </Dropdown>
  );
}
