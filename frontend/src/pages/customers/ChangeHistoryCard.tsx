import { Alert, Button, Card, Flex, Table } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { fetchCustomerChangeHistory } from '../../api/audit';
import type { AuditRecord, Customer } from '../../api/types';
import { useIsStaff } from '../../auth/useIsStaff';
import { errorMessage } from '../../feedback/errorMessage';
import { useI18n } from '../../i18n/I18nProvider';
import { useAuditColumns } from '../audit/auditParts';
import { CUSTOMERS_KEY } from './queries';

/** Records per page of the history. */
const HISTORY_PAGE = 20;

/**
 * What was changed on a customer's profile, newest first, with who did it (staff only: the
 * API refuses customers, and the card is never shown to them).
 */
export function ChangeHistoryCard({ customer }: { customer: Customer }) {
  const isStaff = useIsStaff();
  return isStaff ? <ChangeHistory customer={customer} /> : null;
}

function ChangeHistory({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const columns = useAuditColumns();
  // Under the customers key: saving the customer refreshes their history too.
  const history = useInfiniteQuery({
    queryKey: [...CUSTOMERS_KEY, 'history', customer.id],
    queryFn: ({ pageParam, signal }) =>
      fetchCustomerChangeHistory(customer.id, { limit: HISTORY_PAGE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const records = history.data?.pages.flatMap((page) => page.results) ?? [];

  return (
    <Card title={t('customers.changeHistory')}>
      {history.isError && (
        <Alert type="error" showIcon message={errorMessage(history.error, t)} style={{ marginBottom: 16 }} />
      )}
      <Table<AuditRecord>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={records}
        loading={history.isPending || history.isFetchingNextPage}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('customers.noChanges') }}
      />
      {history.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button loading={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
