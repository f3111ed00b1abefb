import { Badge, Flex, Menu } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useCurrentUser } from '../auth/AuthProvider';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import { useOpenRequestCount } from '../pages/appointments/requestQueries';
import { useWaitingCarCount } from '../pages/cars/pendingCarQueries';
import { navItemsFor, selectedNavPath, type MenuCount, type NavItem } from './navigation';

/** The words of each count's badge, for those who cannot see it. */
const COUNT_TITLES: Record<MenuCount, MessageKey> = {
  openRequests: 'nav.openRequests',
  waitingCars: 'nav.waitingCars',
};

/** A count as the menu reads it: up to a limit, `more` when there are more. */
interface CountQuery {
  data?: { count: number; more: boolean };
}

/** The side menu: the screens the user's role may open. */
export function SideMenu() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const items = navItemsFor(user.role);
  const selected = selectedNavPath(location.pathname, items);
  const counts: Record<MenuCount, CountQuery> = {
    openRequests: useOpenRequestCount(items.some((item) => item.count === 'openRequests')),
    waitingCars: useWaitingCarCount(items.some((item) => item.count === 'waitingCars')),
  };

  function label(item: NavItem) {
    const count = item.count === undefined ? undefined : counts[item.count].data;
    if (item.count === undefined || count === undefined || count.count === 0) return t(item.label);
    const shown = count.more ? `${count.count}+` : String(count.count);
    return (
      <Flex justify="space-between" align="center" gap={8}>
        <span>{t(item.label)}</span>
        <Badge count={shown} size="small" title={t(COUNT_TITLES[item.count], { count: shown })} />
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
