import { Alert, Card, Descriptions, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { fetchMyCustomer } from '../../api/customers';
import { errorMessage } from '../../feedback/errorMessage';
import { displayName } from '../../format/displayName';
import { useI18n } from '../../i18n/I18nProvider';

/** A customer's own profile, as the garage holds it. */
export function ProfilePage() {
  const { t } = useI18n();
  const profile = useQuery({
    queryKey: ['customers', 'me'],
    queryFn: ({ signal }) => fetchMyCustomer(signal),
  });

  if (profile.isError) return <Alert type="error" showIcon message={errorMessage(profile.error, t)} />;
  const customer = profile.data;
  return (
    <Card title={t('profile.title')}>
      {customer === undefined ? (
        <Skeleton active />
      ) : (
        <Descriptions column={{ xs: 1, sm: 1, md: 1, lg: 2, xl: 2, xxl: 2 }} bordered>
          <Descriptions.Item label={t('profile.name')}>{displayName(customer)}</Descriptions.Item>
          <Descriptions.Item label={t('profile.email')}>{customer.email}</Descriptions.Item>
          <Descriptions.Item label={t('profile.phone')}>{customer.phone}</Descriptions.Item>
          <Descriptions.Item label={t('profile.address')}>
            {customer.address || t('profile.empty')}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
