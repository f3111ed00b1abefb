import { useState } from 'react';
import { Alert, App, Flex, Segmented, Table } from 'antd';
import { Link, useSearchParams } from 'react-router';
import type { PendingCar, PendingCarStatus } from '../../api/types';
import { CursorPager } from '../../components/CursorPager';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useCursorPages } from '../../hooks/useCursorPages';
import { useI18n } from '../../i18n/I18nProvider';
import { usePendingCars } from './pendingCarQueries';
import { RejectCarModal } from './RejectCarModal';
import { usePendingCarColumns } from './usePendingCarColumns';

const PAGE_SIZE = 25;

/** Every status of a car a customer added, waiting first. */
const PENDING_CAR_STATUSES: readonly PendingCarStatus[] = ['pending', 'approved', 'rejected'];

/**
 * The cars customers added (staff), newest first, in one status: those waiting unless the
 * address says another (`?status=approved`). Each waiting one is approved, or turned down
 * with a reason the customer receives. An approval leaves a link to the car it registered.
 */
export function PendingCarsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status = PENDING_CAR_STATUSES.find((value) => value === statusParam) ?? 'pending';
  const pages = useCursorPages(status);
  const list = usePendingCars({ status, limit: PAGE_SIZE, cursor: pages.cursor ?? undefined });
  const [lastApproved, setLastApproved] = useState<PendingCar | null>(null);
  const [rejecting, setRejecting] = useState<PendingCar | null>(null);
  const columns = usePendingCarColumns({ onApproved: setLastApproved, onReject: setRejecting });

  return (
    <>
      <PageHeader title={t('pendingCars.title')} back="/cars" />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Segmented<PendingCarStatus>
          aria-label={t('appointments.status')}
          value={status}
          onChange={(value) => setParams(value === 'pending' ? {} : { status: value })}
          options={PENDING_CAR_STATUSES.map((value) => ({ value, label: t(`status.pendingCar.${value}`) }))}
        />
      </Flex>
      {lastApproved !== null && <ApprovedAlert key={lastApproved.id} car={lastApproved} onClose={() => setLastApproved(null)} />}
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      <Table<PendingCar>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.results ?? []}
        loading={list.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('cars.empty') }}
      />
      <CursorPager pages={pages} nextCursor={list.data?.next_cursor} loading={list.isFetching} />
      {/* Outside the table: refreshed after a conflict, the list could drop the car's row. */}
      {rejecting !== null && (
        <RejectCarModal
          car={rejecting}
          onClose={() => setRejecting(null)}
          onRejected={() => void message.success(t('pendingCars.rejected'))}
        />
      )}
    </>
  );
}

/** Says the car is registered, with a link to it: its row leaves the waiting list. */
function ApprovedAlert({ car, onClose }: { car: PendingCar; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Alert
      type="success"
      showIcon
      closable
      onClose={onClose}
      style={{ marginBottom: 16 }}
      message={t('pendingCars.approved', { car: `${car.make} ${car.model}`, plate: car.license_plate })}
      action={<Link to={`/cars/${car.id}`}>{t('pendingCars.openCar')}</Link>}
    />
  );
}
