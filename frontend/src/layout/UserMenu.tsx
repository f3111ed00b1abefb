import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useAuth, useCurrentUser } from '../auth/AuthProvider';
import { useI18n } from '../i18n/I18nProvider';
import { displayName } from '../format/displayName';

/** The user's name, role and the logout action. */
export function UserMenu() {
  const { t } = useI18n();
  const { logout } = useAuth();
  const user = useCurrentUser();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'role', label: t(`role.${user.role}`), disabled: true },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout') },
        ],
        onClick: ({ key }) => {
          if (key === 'logout') void logout();
        },
      }}
    >
      <Button type="text" icon={<UserOutlined />}>
        {displayName(user)}
      </Button>
    </Dropdown>
  );
}
