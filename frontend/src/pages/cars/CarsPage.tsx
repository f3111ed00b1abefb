import { useState } from 'react';
import { CheckCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Table } from 'antd';
import { useNavigate } from 'react-router';
import type { Car, FuelType } from '../../api/types';
import { useIsStaff } from '../../auth/useIsStaff';
import { CursorPager } from '../../components/CursorPager';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useCursorPages } from '../../hooks/useCursorPages';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { useI18n } from '../../i18n/I18nProvider';
import { AddOwnCarButton } from './AddOwnCarModal';
import { CarFormModal, FUEL_TYPES } from './CarFormModal';
import { useCarList } from './queries';
import { useCarColumns } from './useCarColumns';
import { WaitingCarsCard } from './WaitingCarsCard';

const PAGE_SIZE = 25;

/**
 * The cars: server-side search and filters. Staff add cars and go to those customers
 * added; a customer adds their own for the garage to approve, and sees them waiting.
 */
export function CarsPage() {
  const { t } = useI18n();
  const isStaff = useIsStaff();
  const navigate = useNavigate();
  const [searchText, setSearchText] = useState('');
  const [makeText, setMakeText] = useState('');
  const [fuel, setFuel] = useState<FuelType | undefined>();
  const [creating, setCreating] = useState(false);
  const search = useDebouncedValue(searchText.trim(), 300);
  const make = useDebouncedValue(makeText.trim(), 300);
  const filters = { search: search || undefined, make: make || undefined, fuel_type: fuel };
  const pages = useCursorPages(JSON.stringify(filters));
  const list = useCarList({ ...filters, limit: PAGE_SIZE, cursor: pages.cursor ?? undefined });
  const columns = useCarColumns();

  return (
    <>
      <PageHeader
        title={t('cars.title')}
        extra={
          isStaff ? (
            <>
              <Button icon={<CheckCircleOutlined />} onClick={() => navigate('/cars/pending')}>
                {t('nav.pendingCars')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('cars.new')}
              </Button>
            </>
          ) : (
            <AddOwnCarButton />
          )
        }
      />
      {!isStaff && <WaitingCarsCard />}
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
          placeholder={t('cars.search')}
          aria-label={t('cars.search')}
          style={{ maxWidth: 380 }}
        />
        <Input
          allowClear
          value={makeText}
          onChange={(event) => setMakeText(event.target.value)}
          placeholder={t('cars.make')}
          aria-label={t('cars.make')}
          style={{ maxWidth: 180 }}
        />
        <Select<FuelType>
          allowClear
          value={fuel}
          onChange={setFuel}
          placeholder={t('cars.allFuels')}
          aria-label={t('cars.fuel')}
          options={FUEL_TYPES.map((value) => ({ value, label: t(`fuel.${value}`) }))}
          style={{ minWidth: 150 }}
        />
      </Flex>
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Car>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.results ?? []}
        loading={list.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('cars.empty') }}
      />
      <CursorPager pages={pages} nextCursor={list.data?.next_cursor} loading={list.isFetching} />
      {creating && (
        <CarFormModal car={null} onClose={() => setCreating(false)} onSaved={(car) => navigate(`/cars/${car.id}`)} />
      )}
    </>
  );
}
