import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Input, Table, Typography } from 'antd';
import type { Customer } from '../../api/types';
import { CursorPager } from '../../components/CursorPager';
import { errorMessage } from '../../feedback/errorMessage';
import { useCursorPages } from '../../hooks/useCursorPages';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { useI18n } from '../../i18n/I18nProvider';
import { CustomerFormModal } from './CustomerFormModal';
import { useCustomerColumns } from './useCustomerColumns';
import { useCustomerList } from './queries';

/** Rows per page of the list. */
const PAGE_SIZE = 25;
/** Pause in typing after which the search goes to the server. */
const SEARCH_DEBOUNCE_MS = 300;

/** The form modal: whether it shows, for which customer (null: a new one), which opening. */
interface Editing {
  open: boolean;
  customer: Customer | null;
  opening: number;
}

/** The customers list: server-side search, cursor pages, create, edit, delete. */
export function CustomersPage() {
  const { t } = useI18n();
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), SEARCH_DEBOUNCE_MS);
  const pages = useCursorPages(search);
  const list = useCustomerList({ search, limit: PAGE_SIZE, cursor: pages.cursor ?? undefined });
  const [editing, setEditing] = useState<Editing>({ open: false, customer: null, opening: 0 });
  const openForm = (customer: Customer | null) =>
    setEditing((previous) => ({ open: true, customer, opening: previous.opening + 1 }));
  const columns = useCustomerColumns(openForm);

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('customers.title')}
        </Typography.Title>
        <Flex gap={8} wrap style={{ flex: '1 1 320px', justifyContent: 'flex-end' }}>
          <Input.Search
            allowClear
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
            placeholder={t('customers.search')}
            aria-label={t('customers.search')}
            style={{ maxWidth: 420 }}
            loading={list.isFetching && search !== ''}
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openForm(null)}>
            {t('customers.new')}
          </Button>
        </Flex>
      </Flex>
      {list.isError && (
        <Alert
          type="error"
          showIcon
          message={errorMessage(list.error, t)}
          action={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<Customer>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.results ?? []}
        loading={list.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('customers.empty') }}
      />
      <CursorPager pages={pages} nextCursor={list.data?.next_cursor} loading={list.isFetching} />
      <CustomerFormModal
        key={editing.opening}
        open={editing.open}
        customer={editing.customer}
        onClose={() => setEditing((previous) => ({ ...previous, open: false }))}
      />
    </>
  );
}
