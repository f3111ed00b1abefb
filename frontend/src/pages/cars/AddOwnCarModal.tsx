import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Typography } from 'antd';
import { addCar } from '../../api/pendingCars';
import { FormModal } from '../../components/FormModal';
import { useI18n } from '../../i18n/I18nProvider';
import { CAR_DESCRIPTION_FIELDS, CarFields, carDescription, type CarDescriptionValues } from './CarFormModal';
import { usePendingCarChange } from './pendingCarQueries';

/**
 * A customer describes one of their cars for the garage to approve; the owner is the
 * caller, so the form has no owner field. The car waits until the garage approves it.
 */
export function AddOwnCarModal({ onClose, onSent }: { onClose: () => void; onSent: () => void }) {
  const { t } = useI18n();
  const add = usePendingCarChange((values: CarDescriptionValues) => addCar(carDescription(values)));
  return (
    <FormModal<CarDescriptionValues>
      title={t('pendingCars.addTitle')}
      okText={t('pendingCars.submit')}
      cancelText={t('common.cancel')}
      fields={CAR_DESCRIPTION_FIELDS}
      initialValues={{ fuel_type: 'gasoline' }}
      onSubmit={async (values) => {
        await add.mutateAsync(values);
        onSent();
      }}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{t('pendingCars.addHelp')}</Typography.Paragraph>
      <CarFields isNew />
    </FormModal>
  );
}

/** The customer's "Add a car" button and its form; once sent, says the garage will confirm it. */
export function AddOwnCarButton() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
        {t('pendingCars.add')}
      </Button>
      {adding && (
        <AddOwnCarModal onClose={() => setAdding(false)} onSent={() => void message.success(t('pendingCars.sent'))} />
      )}
    </>
  );
}
