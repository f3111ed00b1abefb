import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { fetchCustomer } from '../../api/customers';
import type { Customer } from '../../api/types';
import { LtrText } from '../../components/LtrText';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { displayName } from '../../format/displayName';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import { CarFormModal } from '../cars/CarFormModal';
import { ChangeHistoryCard } from './ChangeHistoryCard';
import { CustomerFormModal } from './CustomerFormModal';
import { CustomerCarsCard, CustomerInvoicesCard, CustomerStatisticsCard, ServiceHistoryCard } from './CustomerPanels';
import { CUSTOMERS_KEY } from './queries';

/** One customer (staff): profile, figures, cars, service history, invoices, changes to the profile. */
export function CustomerDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState<'edit' | 'car' | null>(null);
  const query = useQuery({
    queryKey: [...CUSTOMERS_KEY, 'detail', id],
    queryFn: ({ signal }) => fetchCustomer(id, signal),
  });
  const customer = query.data;

  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (customer === undefined) return <Skeleton active />;

  return (
    <>
      <PageHeader
        title={displayName(customer)}
        back="/customers"
        extra={<Button onClick={() => setOpen('edit')}>{t('common.edit')}</Button>}
      />
      <Flex vertical gap={16}>
        <CustomerProfile customer={customer} />
        <CustomerStatisticsCard customer={customer} />
        <CustomerCarsCard
          customer={customer}
          extra={
            <Button icon={<PlusOutlined />} onClick={() => setOpen('car')}>
              {t('customers.addCar')}
            </Button>
          }
        />
        <ServiceHistoryCard customer={customer} />
        <CustomerInvoicesCard customer={customer} />
        <ChangeHistoryCard customer={customer} />
      </Flex>
      <CustomerFormModal open={open === 'edit'} customer={customer} onClose={() => setOpen(null)} />
      {open === 'car' && (
        <CarFormModal
          car={null}
          customerId={customer.id}
          onClose={() => setOpen(null)}
          onSaved={(car) => {
            message.success(t('cars.created'));
            navigate(`/cars/${car.id}`);
          }}
        />
      )}
    </>
  );
}

/** A customer's contact details. */
export function CustomerProfile({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <Card>
      <Descriptions column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}>
        <Descriptions.Item label={t('customers.email')}>{customer.email}</Descriptions.Item>
        <Descriptions.Item label={t('customers.phone')}><LtrText>{customer.phone}</LtrText></Descriptions.Item>
        <Descriptions.Item label={t('customers.createdAt')}>{format.dateTime(customer.created_at)}</Descriptions.Item>
        <Descriptions.Item label={t('customers.address')}>{customer.address || t('profile.empty')}</Descriptions.Item>
        <Descriptions.Item label={t('customers.notes')}>{customer.notes || t('common.notGiven')}</Descriptions.Item>
        {customer.legacy_id != null && (
          <Descriptions.Item label={t('common.legacyId')}>{customer.legacy_id}</Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}
