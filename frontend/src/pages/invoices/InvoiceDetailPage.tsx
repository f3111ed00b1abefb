import { Card, Descriptions, Flex, Skeleton, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useParams } from 'react-router';
import type { Invoice, InvoiceLine } from '../../api/types';
import { useIsStaff } from '../../auth/useIsStaff';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { InvoiceStatusTag } from '../../components/StatusTag';
import { localizeDecimal } from '../../format/decimalInput';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import { InvoiceActions } from './InvoiceActions';
import { PdfCard } from './PdfCard';
import { useInvoice } from './queries';

/** One invoice: its state, lines, totals, PDF and actions. */
export function InvoiceDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const isStaff = useIsStaff();
  const query = useInvoice(id);
  const invoice = query.data;

  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (invoice === undefined) return <Skeleton active />;

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8}>
            {invoice.invoice_number ?? t('invoices.draftNumber')}
            <InvoiceStatusTag status={invoice.status} />
          </Flex>
        }
        back="/invoices"
        extra={isStaff ? <InvoiceActions invoice={invoice} /> : undefined}
      />
      <Flex vertical gap={16}>
        <InvoiceSummary invoice={invoice} />
        <Card title={t('invoices.lines')}>
          <InvoiceLines invoice={invoice} />
        </Card>
        <PdfCard invoice={invoice} />
      </Flex>
    </>
  );
}

function InvoiceSummary({ invoice }: { invoice: Invoice }) {
  const { t } = useI18n();
  const format = useFormat();
  const missing = t('common.notGiven');
  return (
    <Card>
      <Descriptions column={{ xs: 1, sm: 1, md: 2, lg: 3, xl: 3, xxl: 3 }}>
        <Descriptions.Item label={t('invoices.service')}>
          <Link to={`/services/${invoice.service_id}`}>{t('common.details')}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('invoices.issuedDate')}>
          {invoice.issued_date == null ? missing : format.date(invoice.issued_date)}
        </Descriptions.Item>
        <Descriptions.Item label={t('invoices.dueDate')}>{format.date(invoice.due_date)}</Descriptions.Item>
        {invoice.paid_at != null && (
          <Descriptions.Item label={t('invoices.paidAt')}>{format.dateTime(invoice.paid_at)}</Descriptions.Item>
        )}
        {invoice.payment_method != null && (
          <Descriptions.Item label={t('invoices.paymentMethod')}>{invoice.payment_method}</Descriptions.Item>
        )}
        {invoice.refund_amount != null && (
          <Descriptions.Item label={t('invoices.refundAmount')}>{format.money(invoice.refund_amount)}</Descriptions.Item>
        )}
        {invoice.refund_reason != null && (
          <Descriptions.Item label={t('invoices.refundReason')}>{invoice.refund_reason}</Descriptions.Item>
        )}
        {invoice.notes !== '' && (
          <Descriptions.Item label={t('invoices.notes')} span="filled">
            {invoice.notes}
          </Descriptions.Item>
        )}
        {invoice.legacy_id != null && (
          <Descriptions.Item label={t('common.legacyId')}>{invoice.legacy_id}</Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

/** A line with its position, the table's row key (two lines may be alike). */
type KeyedLine = InvoiceLine & { key: number };

/** The lines and the totals, as the server computed them. */
function InvoiceLines({ invoice }: { invoice: Invoice }) {
  const { t, locale } = useI18n();
  const format = useFormat();
  const columns: ColumnsType<KeyedLine> = [
    { key: 'type', title: t('items.type'), render: (_, line) => t(`itemType.${line.item_type}`) },
    { key: 'name', dataIndex: 'name', title: t('items.name') },
    { key: 'quantity', title: t('items.quantity'), align: 'end', render: (_, line) => localizeDecimal(line.quantity, locale) },
    { key: 'unit', title: t('items.unitPrice'), align: 'end', render: (_, line) => format.money(line.unit_price) },
    { key: 'total', title: t('items.total'), align: 'end', render: (_, line) => format.money(line.total_price) },
  ];
  const totals: [string, string][] = [
    [t('invoices.subtotal'), invoice.subtotal],
    [t('invoices.tax', { rate: localizeDecimal(invoice.tax_rate, locale) }), invoice.tax_amount],
    ...invoice.fees.map((fee): [string, string] => [fee.label, fee.amount]),
    [t('invoices.discount'), invoice.discount],
  ];
  return (
    <>
      {invoice.status === 'draft' && invoice.lines.length === 0 && (
        <Typography.Paragraph type="secondary">{t('invoices.linesFromService')}</Typography.Paragraph>
      )}
      <Table<KeyedLine>
        size="small"
        columns={columns}
        dataSource={invoice.lines.map((line, index) => ({ ...line, key: index }))}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('items.empty') }}
      />
      <Descriptions column={1} size="small" style={{ maxWidth: 360, marginInlineStart: 'auto', marginTop: 16 }}>
        {totals.map(([label, amount]) => (
          <Descriptions.Item key={label} label={label}>
            {format.money(amount)}
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={<Typography.Text strong>{t('invoices.total')}</Typography.Text>}>
          <Typography.Text strong aria-label={t('invoices.total')}>
            {format.money(invoice.total)}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </>
  );
}
