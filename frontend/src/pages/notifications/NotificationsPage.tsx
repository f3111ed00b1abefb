import { useState } from 'react';
import { CheckOutlined, SendOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Checkbox, Empty, Flex, List, Select, Tag, Typography } from 'antd';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from '../../api/notifications';
import type { Notification, NotificationType } from '../../api/types';
import { useIsStaff } from '../../auth/useIsStaff';
import { CursorPager } from '../../components/CursorPager';
import { CustomerSelect } from '../../components/CustomerSelect';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { errorMessage } from '../../feedback/errorMessage';
import { useFormat } from '../../format/useFormat';
import { useCursorPages } from '../../hooks/useCursorPages';
import { useInvalidate } from '../../hooks/useInvalidate';
import { useI18n } from '../../i18n/I18nProvider';
import { SendNotificationModal } from './SendNotificationModal';

const PAGE_SIZE = 25;
const TYPES: readonly NotificationType[] = ['service_reminder', 'service_update', 'invoice', 'general', 'appointment'];
/** Where a notification's related object is shown. */
const RELATED_PATHS: Partial<Record<string, string>> = {
  invoice: '/invoices',
  service: '/services',
  car: '/cars',
  appointment: '/appointments',
  request: '/appointments/requests',
};

/** The notifications: a customer's own (mark read), or all of them for staff (send). */
export function NotificationsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const isStaff = useIsStaff();
  const invalidate = useInvalidate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [type, setType] = useState<NotificationType | undefined>();
  const [customerId, setCustomerId] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const filters = { is_read: unreadOnly ? false : undefined, notification_type: type, customer_id: customerId };
  const pages = useCursorPages(JSON.stringify(filters));
  const list = useQuery({
    queryKey: ['notifications', 'list', filters, pages.cursor],
    queryFn: ({ signal }) =>
      listNotifications({ ...filters, limit: PAGE_SIZE, cursor: pages.cursor ?? undefined }, signal),
    placeholderData: keepPreviousData,
  });
  const markAll = useMutation({ mutationFn: markAllNotificationsRead, onSuccess: () => invalidate('notifications') });

  async function readAll() {
    try {
      const count = await markAll.mutateAsync();
      message.success(t('notifications.markedAll', { count }));
    } catch (error) {
      message.error(errorMessage(error, t));
    }
  }

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        extra={
          isStaff ? (
            <Button type="primary" icon={<SendOutlined />} onClick={() => setSending(true)}>
              {t('notifications.send')}
            </Button>
          ) : (
            <Button icon={<CheckOutlined />} loading={markAll.isPending} onClick={() => void readAll()}>
              {t('notifications.markAllRead')}
            </Button>
          )
        }
      />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Checkbox checked={unreadOnly} onChange={(event) => setUnreadOnly(event.target.checked)}>
          {t('notifications.onlyUnread')}
        </Checkbox>
        <Select<NotificationType>
          allowClear
          value={type}
          onChange={setType}
          placeholder={t('notifications.allTypes')}
          aria-label={t('notifications.allTypes')}
          options={TYPES.map((value) => ({ value, label: t(`notificationType.${value}`) }))}
          style={{ minWidth: 200 }}
        />
        {isStaff && (
          <div style={{ minWidth: 280 }}>
            <CustomerSelect value={customerId} onChange={setCustomerId} />
          </div>
        )}
        {isStaff && customerId !== undefined && <Button onClick={() => setCustomerId(undefined)}>{t('common.all')}</Button>}
      </Flex>
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      <Card>
        <List<Notification>
          loading={list.isFetching}
          dataSource={list.data?.results ?? []}
          locale={{ emptyText: <Empty description={t('notifications.empty')} /> }}
          renderItem={(notification) => <NotificationRow notification={notification} canMarkRead={!isStaff} />}
        />
      </Card>
      <CursorPager pages={pages} nextCursor={list.data?.next_cursor} loading={list.isFetching} />
      {sending && (
        <SendNotificationModal onClose={() => setSending(false)} onDone={() => void message.success(t('notifications.sent'))} />
      )}
    </>
  );
}

function NotificationRow({ notification, canMarkRead }: { notification: Notification; canMarkRead: boolean }) {
  const { t } = useI18n();
  const format = useFormat();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const markRead = useMutation({
    mutationFn: () => markNotificationRead(notification.id),
    onSuccess: () => invalidate('notifications'),
  });
  const relatedPath = notification.related == null ? undefined : RELATED_PATHS[notification.related.kind];

  async function read() {
    try {
      await markRead.mutateAsync();
    } catch (error) {
      message.error(errorMessage(error, t));
    }
  }

  return (
    <List.Item
      actions={
        canMarkRead && !notification.is_read
          ? [
              <Button key="read" size="small" loading={markRead.isPending} onClick={() => void read()}>
                {t('notifications.markRead')}
              </Button>,
            ]
          : []
      }
    >
      <List.Item.Meta
        title={
          <Flex gap={8} align="center" wrap>
            {!notification.is_read && <Badge status="processing" text={t('notifications.unread')} />}
            <Typography.Text strong={!notification.is_read}>{notification.title}</Typography.Text>
            <Tag>{t(`notificationType.${notification.notification_type}`)}</Tag>
          </Flex>
        }
        description={
          <>
            <Typography.Paragraph style={{ marginBottom: 4 }}>{notification.message}</Typography.Paragraph>
            <Flex gap={12}>
              <Typography.Text type="secondary">{format.dateTime(notification.created_at)}</Typography.Text>
              {relatedPath !== undefined && notification.related != null && (
                <Link to={`${relatedPath}/${notification.related.id}`}>{t('common.details')}</Link>
              )}
            </Flex>
          </>
        }
      />
    </List.Item>
  );
}
