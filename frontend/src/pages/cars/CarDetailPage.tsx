import { useState } from 'react';
import { App, Button, Card, Col, Flex, Popconfirm, Row, Skeleton, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { deleteCar, fetchCarServices } from '../../api/cars';
import type { Car, Service } from '../../api/types';
import { useIsStaff } from '../../auth/useIsStaff';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { errorMessage } from '../../feedback/errorMessage';
import { useInvalidate } from '../../hooks/useInvalidate';
import { useI18n } from '../../i18n/I18nProvider';
import { ScheduleServiceModal } from '../services/ScheduleServiceModal';
import { useServiceColumns } from '../services/useServiceColumns';
import { CarFormModal } from './CarFormModal';
import { CarStatisticsCard, CarSummary, MileageHistoryCard, ReportMileageCard } from './CarPanels';
import { PredictionCard } from './PredictionCard';
import { useCar } from './queries';

/** Services listed on the car's page. */
const SERVICES_LIMIT = 50;

/** One car: details, figures, next service, mileage, services. */
export function CarDetailPage() {
  const { id = '' } = useParams();
  const isStaff = useIsStaff();
  const query = useCar(id);
  const car = query.data;

  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (car === undefined) return <Skeleton active />;

  return (
    <>
      <PageHeader
        title={`${car.license_plate} · ${car.make} ${car.model}`}
        back="/cars"
        extra={isStaff ? <CarStaffActions car={car} /> : undefined}
      />
      <Flex vertical gap={16}>
        <CarSummary car={car} />
        <Row gutter={[16, 16]}>
          <Col xs={24} md={8}>
            <CarStatisticsCard car={car} />
          </Col>
          <Col xs={24} md={8}>
            <PredictionCard car={car} />
          </Col>
          <Col xs={24} md={8}>
            <ReportMileageCard car={car} />
          </Col>
        </Row>
        <MileageHistoryCard car={car} />
        <CarServices car={car} />
      </Flex>
    </>
  );
}

function CarStaffActions({ car }: { car: Car }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  const [open, setOpen] = useState<'edit' | 'schedule' | null>(null);

  async function remove() {
    try {
      await deleteCar(car.id);
      await invalidate('cars', 'customers');
      message.success(t('cars.deleted'));
      navigate('/cars');
    } catch (error) {
      message.error(errorMessage(error, t));
    }
  }

  return (
    <>
      <Button type="primary" onClick={() => setOpen('schedule')}>
        {t('services.schedule')}
      </Button>
      <Button onClick={() => setOpen('edit')}>{t('common.edit')}</Button>
      <Popconfirm
        title={t('cars.deleteConfirm', { plate: car.license_plate })}
        okText={t('common.delete')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        onConfirm={remove}
      >
        <Button danger>{t('common.delete')}</Button>
      </Popconfirm>
      {open === 'edit' && (
        <CarFormModal car={car} onClose={() => setOpen(null)} onSaved={() => message.success(t('cars.updated'))} />
      )}
      {open === 'schedule' && <ScheduleServiceModal carId={car.id} onClose={() => setOpen(null)} />}
    </>
  );
}

function CarServices({ car }: { car: Car }) {
  const { t } = useI18n();
  const columns = useServiceColumns();
  const services = useQuery({
    queryKey: ['services', 'car', car.id],
    queryFn: ({ signal }) => fetchCarServices(car.id, { limit: SERVICES_LIMIT }, signal),
  });
  return (
    <Card title={t('cars.services')}>
      {services.isError && <QueryError error={services.error} onRetry={() => void services.refetch()} />}
      <Table<Service>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={services.data?.results ?? []}
        loading={services.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('services.empty') }}
      />
    </Card>
  );
}
