import { Menu } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useCurrentUser } from '../auth/AuthProvider';
import { useI18n } from '../i18n/I18nProvider';
import { navItemsFor, selectedNavPath } from './navigation';

/** The side menu: the screens the user's role may open. */
export function SideMenu() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const items = navItemsFor(user.role);
  const selected = selectedNavPath(location.pathname, items);

  return (
    <Menu
      theme="dark"
      mode="inline"
      aria-label={t('nav.menu')}
      selectedKeys={selected === undefined ? [] : [selected]}
      items={items.map((item) => ({ key: item.path, icon: item.icon, label: t(item.label) }))}
      onClick={({ key }) => navigate(key)}
    />
  );
}
