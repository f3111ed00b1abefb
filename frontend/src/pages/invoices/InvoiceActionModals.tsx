import { Form, Input, Select } from 'antd';
import { markInvoicePaid, refundInvoice } from '../../api/invoices';
import type { Invoice, PaymentMethod } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { compareDecimals, isDecimal } from '../../format/decimal';
import { localizeDecimal } from '../../format/decimalInput';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import { normalizeDecimal } from '../services/items';
import { useInvoiceChange } from './queries';

interface ModalProps {
  invoice: Invoice;
  onClose: () => void;
  onDone: (text: string) => void;
}

const PAYMENT_METHODS: readonly PaymentMethod[] = ['cash', 'card', 'transfer', 'check', 'other'];

/** Records the payment of a pending invoice. */
export function MarkPaidModal({ invoice, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const pay = useInvoiceChange((method: PaymentMethod) => markInvoicePaid(invoice, method));
  return (
    <FormModal<{ payment_method: PaymentMethod }>
      title={t('invoices.markPaidTitle', { number: invoice.invoice_number ?? '' })}
      okText={t('invoices.markPaid')}
      cancelText={t('common.cancel')}
      fields={['payment_method']}
      initialValues={{ payment_method: 'cash' }}
      onSubmit={async ({ payment_method }) => {
        await pay.mutateAsync(payment_method);
        onDone(t('invoices.paid'));
      }}
      onClose={onClose}
    >
      <Form.Item
        name="payment_method"
        label={t('invoices.paymentMethod')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Select
          options={PAYMENT_METHODS.map((method) => ({ value: method, label: t(`invoices.payment.${method}`) }))}
        />
      </Form.Item>
    </FormModal>
  );
}

/** Refunds a paid invoice, up to its total. */
export function RefundModal({ invoice, onClose, onDone }: ModalProps) {
  const { t, locale } = useI18n();
  const format = useFormat();
  const refund = useInvoiceChange(({ amount, reason }: { amount: string; reason: string }) =>
    refundInvoice(invoice, normalizeDecimal(amount), reason.trim()),
  );
  return (
    <FormModal<{ amount: string; reason: string }>
      title={t('invoices.refundTitle', { number: invoice.invoice_number ?? '' })}
      okText={t('invoices.refund')}
      cancelText={t('common.cancel')}
      danger
      fields={['amount', 'reason']}
      initialValues={{ amount: localizeDecimal(invoice.total, locale) }}
      onSubmit={async (values) => {
        await refund.mutateAsync(values);
        onDone(t('invoices.refunded'));
      }}
      onClose={onClose}
    >
      <Form.Item
        name="amount"
        label={t('invoices.refundAmount')}
        extra={format.money(invoice.total)}
        rules={[
          { required: true, message: t('common.required') },
          {
            validator: async (_, value: string | undefined) => {
              const amount = normalizeDecimal(value ?? '');
              if (!isDecimal(amount)) throw new Error(t('common.invalidDecimal'));
              if (compareDecimals(amount, '0') <= 0) throw new Error(t('common.mustBePositive'));
              if (compareDecimals(amount, invoice.total) > 0) throw new Error(t('invoices.refundTooHigh'));
            },
          },
        ]}
      >
        <Input inputMode="decimal" autoComplete="off" />
      </Form.Item>
      <Form.Item name="reason" label={t('invoices.refundReason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}
