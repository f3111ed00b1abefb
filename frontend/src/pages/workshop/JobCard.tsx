import { PhoneOutlined } from '@ant-design/icons';
import { Card, Descriptions, Flex, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Job, JobCar, ServiceItem, TimeEntry } from '../../api/types';
import { LtrText } from '../../components/LtrText';
import { ServiceStatusTag } from '../../components/StatusTag';
import { localizeDecimal } from '../../format/decimalInput';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import { JobActions } from './JobActions';

/**
 * One job: what to do and when, on which car, whom to call, the notes, the parts and
 * labour, and its actions; `clock` is the technician's running clock, if any.
 */
export function JobCard({ job, clock }: { job: Job; clock: TimeEntry | null | undefined }) {
  const { t } = useI18n();
  const format = useFormat();
  const { service } = job;
  return (
    <Card
      role="region"
      aria-label={service.title}
      title={<Typography.Text style={{ fontSize: 18 }}>{service.title}</Typography.Text>}
      extra={<ServiceStatusTag status={service.status} />}
    >
      <Descriptions column={{ xs: 1, sm: 1, md: 2, lg: 3, xl: 3, xxl: 3 }}>
        <Descriptions.Item label={t('services.scheduledDate')}>{format.date(service.scheduled_date)}</Descriptions.Item>
        <Descriptions.Item label={t('services.car')}>
          <CarDetails car={job.car} />
        </Descriptions.Item>
        <Descriptions.Item label={t('myJobs.customer')}>
          <CustomerContact job={job} />
        </Descriptions.Item>
        {service.description !== '' && (
          <Descriptions.Item label={t('services.description')} span="filled">
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{service.description}</Typography.Text>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('services.technicianNotes')} span="filled">
          <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{service.technician_notes || t('common.notGiven')}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <JobItems items={service.items} />
      <JobActions service={service} clock={clock} />
    </Card>
  );
}

/** The car as the technician finds it in the workshop: model, plate, VIN, odometer. */
function CarDetails({ car }: { car: JobCar | null | undefined }) {
  const { t } = useI18n();
  const format = useFormat();
  if (car == null) return <Typography.Text type="secondary">{t('myJobs.noCar')}</Typography.Text>;
  return (
    <Flex vertical>
      <Typography.Text strong>
        {car.make} {car.model} {car.year}
      </Typography.Text>
      <Typography.Text strong>
        <LtrText>{car.license_plate}</LtrText>
      </Typography.Text>
      {car.vin != null && (
        <Typography.Text type="secondary">
          {t('cars.vin')} <LtrText>{car.vin}</LtrText>
        </Typography.Text>
      )}
      <Typography.Text>{t('common.km', { value: format.number(car.mileage) })}</Typography.Text>
    </Flex>
  );
}

/** The customer's name and a phone link large enough to tap. */
function CustomerContact({ job }: { job: Job }) {
  const { t } = useI18n();
  const { customer } = job;
  if (customer == null) return <Typography.Text type="secondary">{t('myJobs.noCustomer')}</Typography.Text>;
  return (
    <Flex vertical align="start">
      <Typography.Text>{customer.name}</Typography.Text>
      <Typography.Link
        href={`tel:${customer.phone}`}
        aria-label={t('myJobs.call', { name: customer.name, phone: customer.phone })}
        style={{ display: 'inline-flex', alignItems: 'center', gap: 8, minHeight: 48, fontSize: 18 }}
      >
        <PhoneOutlined />
        <LtrText>{customer.phone}</LtrText>
      </Typography.Link>
    </Flex>
  );
}

/** The parts and labour already on the job: what and how many (prices are the office's). */
function JobItems({ items }: { items: readonly ServiceItem[] }) {
  const { t, locale } = useI18n();
  const columns: ColumnsType<ServiceItem> = [
    { key: 'name', title: t('items.name'), dataIndex: 'name' },
    { key: 'type', title: t('items.type'), render: (_, item) => t(`itemType.${item.item_type}`) },
    {
      key: 'quantity',
      title: t('items.quantity'),
      align: 'end',
      render: (_, item) => localizeDecimal(item.quantity, locale),
    },
  ];
  return (
    <Table<ServiceItem>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={[...items]}
      pagination={false}
      title={() => <Typography.Text strong>{t('services.items')}</Typography.Text>}
      locale={{ emptyText: t('items.empty') }}
      style={{ margin: '12px 0 16px' }}
    />
  );
}
