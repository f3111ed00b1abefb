import { useState } from 'react';
import { App, Button, Popconfirm } from 'antd';
import { useNavigate } from 'react-router';
import { cancelInvoice, deleteInvoice, issueInvoice } from '../../api/invoices';
import type { Invoice } from '../../api/types';
import { errorMessage } from '../../feedback/errorMessage';
import { useInvalidate } from '../../hooks/useInvalidate';
import { useI18n } from '../../i18n/I18nProvider';
import { invoiceActions } from './invoiceActions';
import { MarkPaidModal, RefundModal } from './InvoiceActionModals';
import { useInvoiceChange } from './queries';

/** The status changes of an invoice (staff), each confirmed first. */
export function InvoiceActions({ invoice }: { invoice: Invoice }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  const [open, setOpen] = useState<'pay' | 'refund' | null>(null);
  const issue = useInvoiceChange(() => issueInvoice(invoice));
  const cancel = useInvoiceChange(() => cancelInvoice(invoice));
  const allowed = invoiceActions(invoice.status);
  const modalProps = { invoice, onClose: () => setOpen(null), onDone: (text: string) => void message.success(text) };

  function confirm(title: string, okText: string, run: () => Promise<unknown>, done: string, danger = false) {
    modal.confirm({
      title,
      okText,
      okButtonProps: { danger },
      cancelText: t('common.close'),
      onOk: async () => {
        try {
          await run();
          message.success(done);
        } catch (error) {
          message.error(errorMessage(error, t));
        }
      },
    });
  }

  async function remove() {
    try {
      await deleteInvoice(invoice.id);
      await invalidate('invoices', 'services');
      message.success(t('invoices.deleted'));
      navigate('/invoices');
    } catch (error) {
      message.error(errorMessage(error, t));
    }
  }

  return (
    <>
      {allowed.includes('issue') && (
        <Button
          type="primary"
          onClick={() =>
            confirm(t('invoices.issueConfirm'), t('invoices.issue'), () => issue.mutateAsync(undefined), t('invoices.issued'))
          }
        >
          {t('invoices.issue')}
        </Button>
      )}
      {allowed.includes('markPaid') && (
        <Button type="primary" onClick={() => setOpen('pay')}>
          {t('invoices.markPaid')}
        </Button>
      )}
      {allowed.includes('refund') && (
        <Button danger onClick={() => setOpen('refund')}>
          {t('invoices.refund')}
        </Button>
      )}
      {allowed.includes('cancel') && (
        <Button
          danger
          onClick={() =>
            confirm(
              t('invoices.cancelConfirm'),
              t('invoices.cancel'),
              () => cancel.mutateAsync(undefined),
              t('invoices.cancelled'),
              true,
            )
          }
        >
          {t('invoices.cancel')}
        </Button>
      )}
      {allowed.includes('delete') && (
        <Popconfirm
          title={t('invoices.deleteConfirm')}
          okText={t('common.delete')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={remove}
        >
          <Button danger>{t('invoices.delete')}</Button>
        </Popconfirm>
      )}
      {open === 'pay' && <MarkPaidModal {...modalProps} />}
      {open === 'refund' && <RefundModal {...modalProps} />}
    </>
  );
}
