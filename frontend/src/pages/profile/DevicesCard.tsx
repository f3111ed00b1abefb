import { AndroidOutlined, AppleOutlined, DeleteOutlined, MobileOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, List, Popconfirm, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { listDevices, removeDevice } from '../../api/notifications';
import type { Device } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthProvider';
import { errorMessage } from '../../feedback/errorMessage';
import { useFormat } from '../../format/useFormat';
import { useInvalidate } from '../../hooks/useInvalidate';
import { useI18n } from '../../i18n/I18nProvider';

/** Root of the devices query, refreshed after a removal. */
const DEVICES_ROOT = 'devices';

/** The customer's phones that receive (or received) their push notifications; the mobile app registers them. */
export function DevicesCard() {
  const { t } = useI18n();
  // The route answers 403 to staff: never ask it for them, whatever page shows this card.
  const isCustomer = useCurrentUser().role === 'customer';
  const devices = useQuery({
    queryKey: [DEVICES_ROOT],
    queryFn: ({ signal }) => listDevices(signal),
    enabled: isCustomer,
  });
  if (!isCustomer) return null;
  return (
    <Card title={t('devices.title')}>
      {devices.isError && <Alert type="error" showIcon message={errorMessage(devices.error, t)} />}
      <List<Device>
        loading={devices.isPending}
        dataSource={devices.data ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('devices.empty')} /> }}
        renderItem={(device) => <DeviceRow device={device} />}
      />
    </Card>
  );
}

/** The word people know a platform by; an unknown one (a newer API) as the API names it. */
function usePlatformName(): (platform: string) => string {
  const { t } = useI18n();
  return (platform) => {
    if (platform === 'fcm') return t('devices.platform.fcm');
    if (platform === 'apns') return t('devices.platform.apns');
    return platform;
  };
}

function PlatformIcon({ platform }: { platform: string }) {
  if (platform === 'fcm') return <AndroidOutlined />;
  if (platform === 'apns') return <AppleOutlined />;
  return <MobileOutlined />;
}

function DeviceRow({ device }: { device: Device }) {
  const { t } = useI18n();
  const format = useFormat();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const platformName = usePlatformName();
  const remove = useMutation({
    mutationFn: () => removeDevice(device.id),
    onSuccess: () => invalidate(DEVICES_ROOT),
  });
  const platform = platformName(device.platform);
  const registered = format.dayOf(device.created_at);
  const endedAt = device.ended_at ?? null;

  async function confirmRemove() {
    try {
      await remove.mutateAsync();
      message.success(t('devices.removed'));
    } catch (error) {
      message.error(errorMessage(error, t));
    }
  }

  return (
    <List.Item
      actions={[
        <Popconfirm
          key="remove"
          // A phone another account took already gets nothing: removing it only tidies the list.
          title={t(endedAt === null ? 'devices.removeConfirm' : 'devices.removeEndedConfirm', { platform })}
          okText={t('devices.remove')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={confirmRemove}
        >
          <Button
            danger
            icon={<DeleteOutlined />}
            loading={remove.isPending}
            aria-label={t('devices.removeLabel', { platform, date: registered })}
          >
            {t('devices.remove')}
          </Button>
        </Popconfirm>,
      ]}
    >
      <List.Item.Meta
        avatar={
          <Typography.Text style={{ fontSize: 24 }}>
            <PlatformIcon platform={device.platform} />
          </Typography.Text>
        }
        title={
          <Flex gap={8} align="center" wrap>
            <Typography.Text strong>{platform}</Typography.Text>
            {endedAt === null ? (
              <Tag color="green">{t('devices.active')}</Tag>
            ) : (
              <Tag color="orange">{t('devices.ended', { date: format.dayOf(endedAt) })}</Tag>
            )}
          </Flex>
        }
        description={
          <Flex vertical gap={4}>
            <Typography.Text type="secondary">{t('devices.registeredAt', { date: registered })}</Typography.Text>
            {endedAt !== null && <Typography.Text type="warning">{t('devices.endedHelp')}</Typography.Text>}
          </Flex>
        }
      />
    </List.Item>
  );
}
