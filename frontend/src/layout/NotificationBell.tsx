import { BellOutlined } from '@ant-design/icons';
import { Badge } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { fetchUnreadCount } from '../api/notifications';
import { useI18n } from '../i18n/I18nProvider';

/** How often the unread count is polled while the app is open. */
const POLL_MS = 60_000;

/** Query key of the unread count, for screens that mark notifications read. */
export const UNREAD_COUNT_KEY = ['notifications', 'unread_count'] as const;

/** A bell with the customer's unread notification count. */
export function NotificationBell() {
  const { t } = useI18n();
  const { data: count = 0 } = useQuery({
    queryKey: UNREAD_COUNT_KEY,
    queryFn: ({ signal }) => fetchUnreadCount(signal),
    refetchInterval: POLL_MS,
  });
  return (
    // The link is named by its purpose; the count inside is announced as a status.
    <Link to="/notifications" title={t('header.openNotifications')} aria-label={t('header.openNotifications')}>
      <span role="status" aria-label={t('header.notifications', { count })}>
        <Badge count={count} size="small">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </span>
    </Link>
  );
}
