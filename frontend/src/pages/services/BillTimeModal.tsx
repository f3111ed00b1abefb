import { Form, Input, Typography } from 'antd';
import { billTime } from '../../api/services';
import { FormModal } from '../../components/FormModal';
import { compareDecimals } from '../../format/decimal';
import { readDecimal } from '../../format/decimalInput';
import { useFormat } from '../../format/useFormat';
import { decimalRule } from '../../forms/decimalRule';
import { useI18n } from '../../i18n/I18nProvider';
import { useServiceChange } from './queries';
import type { ModalProps } from './ServiceActionModals';

interface BillTimeValues {
  unit_price?: string;
  name?: string;
}

/** The server's own default name of the line, in the invoices' language. */
export const LABOUR_LINE_NAME = "Main-d'œuvre";

/**
 * Bills the job's unbilled time as one labour line: the rate may stay blank for the
 * garage's configured one (the server says when there is none, on the rate's field).
 */
export function BillTimeModal({ service, unbilledHours, onClose, onDone }: ModalProps & { unbilledHours: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const bill = useServiceChange((values: BillTimeValues) =>
    billTime(service, {
      unit_price: values.unit_price?.trim() ? readDecimal(values.unit_price) : undefined,
      name: values.name?.trim() || undefined,
    }),
  );
  return (
    <FormModal<BillTimeValues>
      title={t('time.billTitle', { hours: format.number(Number(unbilledHours), 2) })}
      okText={t('time.bill')}
      cancelText={t('common.cancel')}
      fields={['unit_price', 'name']}
      initialValues={{ name: LABOUR_LINE_NAME }}
      onSubmit={async (values) => {
        await bill.mutateAsync(values);
        onDone(t('time.billedDone'));
      }}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{t('time.billHelp')}</Typography.Paragraph>
      <Form.Item
        name="unit_price"
        label={t('time.rate')}
        extra={t('time.rateHelp')}
        rules={[decimalRule(t('myJobs.priceInvalid'), (value) => compareDecimals(value, '0') >= 0)]}
      >
        <Input inputMode="decimal" autoComplete="off" />
      </Form.Item>
      <Form.Item name="name" label={t('items.name')}>
        <Input autoComplete="off" />
      </Form.Item>
    </FormModal>
  );
}
