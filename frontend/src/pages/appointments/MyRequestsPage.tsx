import { useState } from 'react';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, List } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import type { ServiceRequest } from '../../api/types';
import { CursorPager } from '../../components/CursorPager';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useCursorPages } from '../../hooks/useCursorPages';
import { useI18n } from '../../i18n/I18nProvider';
import { AskGarageModal } from './AskGarageModal';
import { RequestItem } from './RequestItem';
import { useRequests } from './requestQueries';

const PAGE_SIZE = 25;

/**
 * The button that opens the form a customer describes a problem in, and the form; once
 * sent, the request shows in the customer's requests.
 */
export function AskGarageButton({ primary = false }: { primary?: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button type={primary ? 'primary' : 'default'} icon={<QuestionCircleOutlined />} onClick={() => setAsking(true)}>
        {t('requests.ask')}
      </Button>
      {asking && (
        <AskGarageModal onClose={() => setAsking(false)} onSent={() => {
            void message.success(t('requests.sent'));
            if (pathname !== '/my-requests') navigate('/my-requests');
          }} />
      )}
    </>
  );
}

/** A customer's requests to the garage, newest first: ask about a car, withdraw one still open. */
export function MyRequestsPage() {
  const { t } = useI18n();
  const pages = useCursorPages('mine');
  const list = useRequests({ limit: PAGE_SIZE, cursor: pages.cursor ?? undefined });

  return (
    <>
      <PageHeader title={t('requests.myTitle')} extra={<AskGarageButton primary />} />
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
