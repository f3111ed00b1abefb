import { Card, Empty, Flex, List, Segmented } from 'antd';
import { useSearchParams } from 'react-router';
import type { RequestStatus, ServiceRequest } from '../../api/types';
import { CursorPager } from '../../components/CursorPager';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useCursorPages } from '../../hooks/useCursorPages';
import { useI18n } from '../../i18n/I18nProvider';
import { RequestItem } from './RequestItem';
import { useRequests } from './requestQueries';

const PAGE_SIZE = 25;

/** Every request status, in the order of the workflow. */
export const REQUEST_STATUSES: readonly RequestStatus[] = ['open', 'booked', 'serviced', 'closed', 'withdrawn'];

/**
 * The customers' requests (staff), newest first, in one status: the open ones unless the
 * address says another (`?status=closed`). Each open one is booked, turned into a service
 * or closed with an answer from here.
 */
export function RequestsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status = REQUEST_STATUSES.find((value) => value === statusParam) ?? 'open';
  const pages = useCursorPages(status);
  const list = useRequests({ status, limit: PAGE_SIZE, cursor: pages.cursor ?? undefined });

  return (
    <>
      <PageHeader title={t('requests.title')} />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Segmented<RequestStatus>
          aria-label={t('appointments.status')}
          value={status}
          onChange={(value) => setParams(value === 'open' ? {} : { status: value })}
          options={REQUEST_STATUSES.map((value) => ({ value, label: t(`status.request.${value}`) }))}
        />
      </Flex>
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      <Card>
        <List<ServiceRequest>
          loading={list.isFetching}
          dataSource={list.data?.results ?? []}
          locale={{ emptyText: <Empty description={t('requests.empty')} /> }}
          renderItem={(request) => <RequestItem request={request} />}
        />
      </Card>
      <CursorPager pages={pages} nextCursor={list.data?.next_cursor} loading={list.isFetching} />
    </>
  );
}
