import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { Car } from '../../api/types';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';

/** Columns of a cars table; each plate opens the car. */
export function useCarColumns(): ColumnsType<Car> {
  const { t } = useI18n();
  const format = useFormat();
  return [
    {
      key: 'plate',
      title: t('cars.plate'),
      render: (_, car) => (
        <Link to={`/cars/${car.id}`} aria-label={t('cars.open', { plate: car.license_plate })}>
          {car.license_plate}
        </Link>
      ),
    },
    { key: 'car', title: `${t('cars.make')} / ${t('cars.model')}`, render: (_, car) => `${car.make} ${car.model}` },
    { key: 'year', dataIndex: 'year', title: t('cars.year'), responsive: ['md'] },
    { key: 'fuel', title: t('cars.fuel'), responsive: ['md'], render: (_, car) => t(`fuel.${car.fuel_type}`) },
    { key: 'mileage', title: t('cars.mileage'), align: 'end', render: (_, car) => t('common.km', { value: format.number(car.mileage) }) },
    {
      key: 'next',
      title: t('cars.nextService'),
      responsive: ['lg'],
      render: (_, car) => (car.next_service_date == null ? t('common.notGiven') : format.date(car.next_service_date)),
    },
  ];
}
