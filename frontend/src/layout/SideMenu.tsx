import { Badge, Flex, Menu } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useCurrentUser } from '../auth/AuthProvider';
import { useI18n } from '../i18n/I18nProvider';
import { useOpenRequestCount } from '../pages/appointments/requestQueries';
import { navItemsFor, selectedNavPath, type NavItem } from './navigation';

/** The side menu: the screens the user's role may open. */
export function SideMenu() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const items = navItemsFor(user.role);
  const selected = selectedNavPath(location.pathname, items);
  const openRequests = useOpenRequestCount(items.some((item) => item.count === 'openRequests'));

  function label(item: NavItem) {
    const count = item.count === 'openRequests' && openRequests.data !== undefined ? openRequests.data : undefined;
    if (count === undefined || count.count === 0) return t(item.label);
    const shown = count.more ? `${count.count}+` : String(count.count);
    return (
      <Flex justify="space-between" align="center" gap={8}>
        <span>{t(item.label)}</span>
        <Badge count={shown} size="small" title={t('nav.openRequests', { count: shown })} />
      </Flex>
    );
  }

  return (
    <Menu
      theme="dark"
      mode="inline"
      aria-label={t('nav.menu')}
      selectedKeys={selected === undefined ? [] : [selected]}
      items={items.map((item) => ({ key: item.path, icon: item.icon, label: label(item) }))}
      onClick={({ key }) => navigate(key)}
    />
  );
}
