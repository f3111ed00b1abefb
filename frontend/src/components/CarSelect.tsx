import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { listCars } from '../api/cars';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { useI18n } from '../i18n/I18nProvider';

/** A car picked by searching the server (plate, VIN, make, model); `customerId` keeps one customer's cars. */
export function CarSelect({
  value,
  onChange,
  id,
  customerId,
}: {
  value?: string;
  onChange?: (carId: string) => void;
  id?: string;
  customerId?: string;
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search.trim(), 300);
  const cars = useQuery({
    queryKey: ['cars', 'pick', debounced, customerId],
    queryFn: ({ signal }) => listCars({ search: debounced || undefined, customer_id: customerId, limit: 20 }, signal),
  });
  return (
    <Select<string>
      id={id}
      showSearch
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={setSearch}
      loading={cars.isFetching}
      placeholder={t('services.pickCar')}
      aria-label={t('services.pickCar')}
      options={(cars.data?.results ?? []).map((car) => ({
        value: car.id,
        label: `${car.license_plate} · ${car.make} ${car.model}`,
      }))}
    />
  );
}
