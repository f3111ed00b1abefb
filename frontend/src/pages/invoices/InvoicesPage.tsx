import { useState } from 'react';
import { Flex, Input, Segmented, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { Invoice, InvoiceQuery, InvoiceStatus } from '../../api/types';
import { useIsStaff } from '../../auth/useIsStaff';
import { CursorPager } from '../../components/CursorPager';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { InvoiceStatusTag } from '../../components/StatusTag';
import { useFormat } from '../../format/useFormat';
import { useCursorPages } from '../../hooks/useCursorPages';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { useI18n } from '../../i18n/I18nProvider';
import { useInvoiceList } from './queries';

const PAGE_SIZE = 25;

/** A filter of the list: every invoice, one status, or the overdue ones. */
type StatusFilter = 'all' | InvoiceStatus | 'overdue';

const STAFF_FILTERS: readonly StatusFilter[] = ['all', 'draft', 'pending', 'paid', 'cancelled', 'refunded', 'overdue'];
// Customers never see drafts.
const CUSTOMER_FILTERS: readonly StatusFilter[] = STAFF_FILTERS.filter((filter) => filter !== 'draft');

function toQuery(filter: StatusFilter): InvoiceQuery {
  if (filter === 'all') return {};
  if (filter === 'overdue') return { overdue: true };
  return { status: filter };
}

/** Columns of an invoices table; each number opens the invoice. */
export function useInvoiceColumns(): ColumnsType<Invoice> {
  const { t } = useI18n();
  const format = useFormat();
  return [
    {
      key: 'number',
      title: t('invoices.number'),
      render: (_, invoice) => {
        const number = invoice.invoice_number ?? t('invoices.draftNumber');
        return (
          <Link to={`/invoices/${invoice.id}`} aria-label={t('invoices.open', { number })}>
            {number}
          </Link>
        );
      },
    },
    { key: 'status', title: t('invoices.status'), render: (_, invoice) => <InvoiceStatusTag status={invoice.status} /> },
    {
      key: 'issued',
      title: t('invoices.issuedDate'),
      responsive: ['md'],
      render: (_, invoice) => (invoice.issued_date == null ? t('common.notGiven') : format.date(invoice.issued_date)),
    },
    { key: 'due', title: t('invoices.dueDate'), render: (_, invoice) => format.date(invoice.due_date) },
    { key: 'total', title: t('invoices.total'), align: 'end', render: (_, invoice) => format.money(invoice.total) },
  ];
}

/** The invoices, by status or overdue, with search. */
export function InvoicesPage() {
  const { t } = useI18n();
  const isStaff = useIsStaff();
  const [filter, setFilter] = useState<StatusFilter>('all');
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 300);
  const params = { ...toQuery(filter), search: search || undefined };
  const pages = useCursorPages(JSON.stringify(params));
  const list = useInvoiceList({ ...params, limit: PAGE_SIZE, cursor: pages.cursor ?? undefined });
  const columns = useInvoiceColumns();
  const label = (value: StatusFilter) =>
    value === 'all' ? t('common.all') : value === 'overdue' ? t('invoices.overdue') : t(`status.invoice.${value}`);

  return (
    <>
      <PageHeader title={t('invoices.title')} />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Segmented<StatusFilter>
          value={filter}
          onChange={setFilter}
          options={(isStaff ? STAFF_FILTERS : CUSTOMER_FILTERS).map((value) => ({ value, label: label(value) }))}
        />
        {isStaff && (
          <Input.Search
            allowClear
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
            placeholder={t('invoices.search')}
            aria-label={t('invoices.search')}
            style={{ maxWidth: 320 }}
          />
        )}
      </Flex>
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      <Table<Invoice>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.results ?? []}
        loading={list.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('invoices.empty') }}
      />
      <CursorPager pages={pages} nextCursor={list.data?.next_cursor} loading={list.isFetching} />
    </>
  );
}
