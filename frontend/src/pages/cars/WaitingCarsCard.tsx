import { App, Button, Card, Flex, List, Typography } from 'antd';
import { withdrawCar } from '../../api/pendingCars';
import type { PendingCar } from '../../api/types';
import { LtrText } from '../../components/LtrText';
import { QueryError } from '../../components/QueryError';
import { PendingCarStatusTag } from '../../components/StatusTag';
import { errorMessage } from '../../feedback/errorMessage';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import { usePendingCarChange, usePendingCars } from './pendingCarQueries';

/**
 * How many of their added cars a customer's list asks for. A customer has at most three
 * waiting at a time; the rest are turned-down ones they have not cleared away, and
 * approved ones, which are hidden here.
 */
const WAITING_LIST_LIMIT = 100;

/**
 * The cars a customer added that are not cars yet: those waiting for the garage, and
 * those it turned down (with its reason) until the customer clears them away. Approved
 * ones are left out: they are in the customer's cars. Shows nothing when there is none.
 */
export function WaitingCarsCard() {
  const { t } = useI18n();
  const list = usePendingCars({ limit: WAITING_LIST_LIMIT });
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  const shown = (list.data?.results ?? []).filter((car) => car.status !== 'approved');
  if (shown.length === 0) return null;
  return (
    <Card title={t('pendingCars.waitingTitle')} style={{ marginBottom: 16 }}>
      <List<PendingCar> dataSource={shown} renderItem={(car) => <WaitingCarItem car={car} />} />
    </Card>
  );
}

/** One added car: what it is, its status, when it was added, the garage's reason if turned down. */
function WaitingCarItem({ car }: { car: PendingCar }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <List.Item actions={[<WithdrawCarButton key="withdraw" car={car} />]}>
      <List.Item.Meta
        title={
          <Flex gap={8} align="center" wrap>
            <span>
              <LtrText>{car.license_plate}</LtrText> · {car.make} {car.model} ({car.year})
            </span>
            <PendingCarStatusTag status={car.status} />
          </Flex>
        }
        description={
          <Flex vertical gap={4}>
            <Typography.Text type="secondary">{t('pendingCars.added', { date: format.dayOf(car.created_at) })}</Typography.Text>
            {car.status === 'pending' && <Typography.Text type="secondary">{t('pendingCars.waiting')}</Typography.Text>}
            {car.status === 'rejected' && car.reason != null && (
              <Typography.Text style={{ whiteSpace: 'pre-line' }}>{t('pendingCars.reason', { reason: car.reason })}</Typography.Text>
            )}
          </Flex>
        }
      />
    </List.Item>
  );
}

/** Withdraws a waiting car, or clears away a turned-down one, once the customer confirms. */
function WithdrawCarButton({ car }: { car: PendingCar }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const withdraw = usePendingCarChange(() => withdrawCar(car));
  const waiting = car.status === 'pending';

  function askConfirmation() {
    modal.confirm({
      title: t(waiting ? 'pendingCars.withdrawConfirm' : 'pendingCars.removeConfirm', { plate: car.license_plate }),
      okText: t(waiting ? 'pendingCars.withdraw' : 'pendingCars.remove'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await withdraw.mutateAsync(undefined);
          message.success(t(waiting ? 'pendingCars.withdrawn' : 'pendingCars.removed'));
        } catch (error) {
          message.error(errorMessage(error, t));
        }
      },
    });
  }

  return (
    <Button danger onClick={askConfirmation}>
      {t(waiting ? 'pendingCars.withdraw' : 'pendingCars.remove')}
    </Button>
  );
}
