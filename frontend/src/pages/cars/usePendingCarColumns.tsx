import { App, Button, Flex, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { approveCar } from '../../api/pendingCars';
import type { PendingCar } from '../../api/types';
import { LtrText } from '../../components/LtrText';
import { errorMessage } from '../../feedback/errorMessage';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import { usePendingCarChange } from './pendingCarQueries';

/** What the rows hand to the page: an approved car (to point to), or one to turn down (its dialog). */
export interface PendingCarHandlers {
  onApproved: (car: PendingCar) => void;
  onReject: (car: PendingCar) => void;
}

/**
 * Columns of the cars customers added: whose, what, its plate, VIN and mileage, when
 * added, and what is left to do: approve or turn down a waiting car, open an approved
 * one, read why one was turned down. None hides on small screens: staff check them all
 * before approving (the table scrolls instead).
 */
export function usePendingCarColumns(handlers: PendingCarHandlers): ColumnsType<PendingCar> {
  const { t } = useI18n();
  const format = useFormat();
  return [
    {
      key: 'customer',
      title: t('pendingCars.customer'),
      render: (_, car) => <Link to={`/customers/${car.customer_id}`}>{car.customer_name}</Link>,
    },
    { key: 'car', title: t('pendingCars.car'), render: (_, car) => `${car.make} ${car.model} (${car.year})` },
    { key: 'plate', title: t('cars.plate'), render: (_, car) => <LtrText>{car.license_plate}</LtrText> },
    {
      key: 'vin',
      title: t('cars.vin'),
      render: (_, car) => (car.vin == null ? t('common.notGiven') : <LtrText>{car.vin}</LtrText>),
    },
    {
      key: 'mileage',
      title: t('cars.mileage'),
      align: 'end',
      render: (_, car) => t('common.km', { value: format.number(car.initial_mileage) }),
    },
    { key: 'added', title: t('pendingCars.addedAt'), render: (_, car) => format.dayOf(car.created_at) },
    { key: 'actions', title: t('common.actions'), render: (_, car) => <PendingCarOutcome car={car} {...handlers} /> },
  ];
}

/** A waiting car's actions; an approved car's link; a turned-down car's reason. */
function PendingCarOutcome({ car, onApproved, onReject }: { car: PendingCar } & PendingCarHandlers) {
  const { t } = useI18n();
  switch (car.status) {
    case 'pending':
      return (
        <Flex gap={8} wrap>
          <ApproveCarButton car={car} onApproved={onApproved} />
          <Button danger onClick={() => onReject(car)}>
            {t('pendingCars.reject')}
          </Button>
        </Flex>
      );
    case 'approved':
      return <Link to={`/cars/${car.id}`}>{t('pendingCars.openCar')}</Link>;
    case 'rejected':
      return (
        <Typography.Text style={{ whiteSpace: 'pre-line' }}>{t('pendingCars.reason', { reason: car.reason ?? '' })}</Typography.Text>
      );
  }
}

/** Approves a waiting car at the version shown: it is registered under the same id. */
function ApproveCarButton({ car, onApproved }: { car: PendingCar; onApproved: (car: PendingCar) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const approve = usePendingCarChange(() => approveCar(car));

  async function approveNow() {
    try {
      onApproved(await approve.mutateAsync(undefined));
    } catch (error) {
      message.error(errorMessage(error, t));
    }
  }

  return (
    <Button type="primary" loading={approve.isPending} onClick={() => void approveNow()}>
      {t('pendingCars.approve')}
    </Button>
  );
}
