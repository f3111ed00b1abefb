import type { ReactNode } from 'react';
import { Alert, Card, Col, Row, Skeleton, Statistic, Table, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { fetchCustomerCars, fetchCustomerStatistics, fetchServiceHistory } from '../../api/customers';
import type { Car, Customer, Invoice } from '../../api/types';
import { ServiceStatusTag } from '../../components/StatusTag';
import { errorMessage } from '../../feedback/errorMessage';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import { useCarColumns } from '../cars/useCarColumns';
import { useInvoiceColumns } from '../invoices/InvoicesPage';
import { useInvoiceList } from '../invoices/queries';
import { CUSTOMERS_KEY } from './queries';

/** Rows shown in each panel of the customer's page. */
const PANEL_LIMIT = 50;

/** A customer's counts and amounts. */
export function CustomerStatisticsCard({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const format = useFormat();
  const stats = useQuery({
    queryKey: [...CUSTOMERS_KEY, 'statistics', customer.id],
    queryFn: ({ signal }) => fetchCustomerStatistics(customer.id, signal),
  });
  const data = stats.data;
  return (
    <Card title={t('customers.statistics')}>
      {stats.isError && <Alert type="error" showIcon message={errorMessage(stats.error, t)} />}
      {stats.isPending && <Skeleton active paragraph={{ rows: 2 }} />}
      {data !== undefined && (
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Statistic title={t('customers.carsCount')} value={data.cars} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('customers.servicesCount')} value={data.services} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('customers.completedServices')} value={data.completed_services} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('customers.totalSpent')} value={format.money(data.total_spent)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('customers.paidInvoices')}
              value={format.money(data.paid_invoices.amount)}
              suffix={`(${data.paid_invoices.count})`}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('customers.unpaidInvoices')}
              value={format.money(data.unpaid_invoices.amount)}
              suffix={`(${data.unpaid_invoices.count})`}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('customers.lastServiceDate')}
              value={data.last_service_date ? format.date(data.last_service_date) : t('common.notGiven')}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}

/** A customer's cars. */
export function CustomerCarsCard({ customer, extra }: { customer: Customer; extra?: ReactNode }) {
  const { t } = useI18n();
  const columns = useCarColumns();
  const cars = useQuery({
    queryKey: ['cars', 'customer', customer.id],
    queryFn: ({ signal }) => fetchCustomerCars(customer.id, { limit: PANEL_LIMIT }, signal),
  });
  return (
    <Card title={t('customers.cars')} extra={extra}>
      {cars.isError && <Alert type="error" showIcon message={errorMessage(cars.error, t)} />}
      <Table<Car>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={cars.data?.results ?? []}
        loading={cars.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('cars.empty') }}
      />
    </Card>
  );
}

/** The services on all of a customer's cars, newest first, as a timeline. */
export function ServiceHistoryCard({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const format = useFormat();
  const history = useQuery({
    queryKey: ['services', 'history', customer.id],
    queryFn: ({ signal }) => fetchServiceHistory(customer.id, { limit: PANEL_LIMIT }, signal),
  });
  const services = history.data?.results ?? [];
  return (
    <Card title={t('customers.serviceHistory')}>
      {history.isError && <Alert type="error" showIcon message={errorMessage(history.error, t)} />}
      {history.isPending && <Skeleton active />}
      {history.isSuccess && services.length === 0 && (
        <Typography.Text type="secondary">{t('customers.noHistory')}</Typography.Text>
      )}
      <Timeline
        items={services.map((service) => ({
          key: service.id,
          color: service.status === 'completed' ? 'green' : service.status === 'cancelled' ? 'gray' : 'blue',
          children: (
            <>
              <Typography.Text type="secondary">
                {format.date(service.completed_date ?? service.scheduled_date)}
              </Typography.Text>{' '}
              <Link to={`/services/${service.id}`}>{service.title}</Link> <ServiceStatusTag status={service.status} />{' '}
              <Typography.Text>{format.money(service.subtotal)}</Typography.Text>
            </>
          ),
        }))}
      />
    </Card>
  );
}

/** A customer's invoices. */
export function CustomerInvoicesCard({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const columns = useInvoiceColumns();
  const invoices = useInvoiceList({ customer_id: customer.id, limit: PANEL_LIMIT });
  return (
    <Card title={t('customers.invoices')}>
      {invoices.isError && <Alert type="error" showIcon message={errorMessage(invoices.error, t)} />}
      <Table<Invoice>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={invoices.data?.results ?? []}
        loading={invoices.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('invoices.empty') }}
      />
    </Card>
  );
}
