import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { fetchMyCustomer, updateAddress } from '../../api/customers';
import type { Customer } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { LtrText } from '../../components/LtrText';
import { errorMessage } from '../../feedback/errorMessage';
import { displayName } from '../../format/displayName';
import { useInvalidate } from '../../hooks/useInvalidate';
import { useI18n } from '../../i18n/I18nProvider';
import { CustomerCarsCard, ServiceHistoryCard } from '../customers/CustomerPanels';
import { DevicesCard } from './DevicesCard';

/**
 * A customer's own profile, as the garage holds it, with their cars, their service history and
 * the phones that get their notifications.
 */
export function ProfilePage() {
  const { t } = useI18n();
  const profile = useQuery({
    queryKey: ['customers', 'me'],
    queryFn: ({ signal }) => fetchMyCustomer(signal),
  });

  if (profile.isError) return <Alert type="error" showIcon message={errorMessage(profile.error, t)} />;
  const customer = profile.data;
  return (
    <Flex vertical gap={16}>
      <Card title={t('profile.title')} extra={customer !== undefined && <EditAddress customer={customer} />}>
        {customer === undefined ? (
          <Skeleton active />
        ) : (
          <Descriptions column={{ xs: 1, sm: 1, md: 1, lg: 2, xl: 2, xxl: 2 }} bordered>
            <Descriptions.Item label={t('profile.name')}>{displayName(customer)}</Descriptions.Item>
            <Descriptions.Item label={t('profile.email')}>{customer.email}</Descriptions.Item>
            <Descriptions.Item label={t('profile.phone')}><LtrText>{customer.phone}</LtrText></Descriptions.Item>
            <Descriptions.Item label={t('profile.address')}>{customer.address || t('profile.empty')}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {customer !== undefined && <CustomerCarsCard customer={customer} />}
      {customer !== undefined && <ServiceHistoryCard customer={customer} />}
      <DevicesCard />
    </Flex>
  );
}

/** Lets a customer change their own address, the one field of the profile they may edit. */
function EditAddress({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('customers.editAddress')}</Button>
      {open && (
        <FormModal<{ address: string }>
          title={t('customers.editAddress')}
          okText={t('common.save')}
          cancelText={t('common.cancel')}
          fields={['address']}
          initialValues={{ address: customer.address }}
          onSubmit={async ({ address }) => {
            await updateAddress(customer.id, customer.version, address.trim());
            await invalidate('customers');
            message.success(t('customers.addressSaved'));
          }}
          onClose={() => setOpen(false)}
        >
          <Form.Item name="address" label={t('profile.address')}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}
