import { Card, List, Skeleton } from 'antd';
import { useParams } from 'react-router';
import { useIsStaff } from '../../auth/useIsStaff';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n/I18nProvider';
import { RequestItem } from './RequestItem';
import { useRequest } from './requestQueries';

/** One request, with what the user may do with it (staff, or its customer): notifications link here. */
export function RequestDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const isStaff = useIsStaff();
  const query = useRequest(id);
  const request = query.data;

  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (request === undefined) return <Skeleton active />;
  const back = isStaff ? (request.status === 'open' ? '/appointments/requests' : `/appointments/requests?status=${request.status}`) : '/my-requests';
  return (
    <>
      <PageHeader title={t('requests.detailTitle')} back={back} />
      <Card>
        <List dataSource={[request]} renderItem={(item) => <RequestItem request={item} />} />
      </Card>
    </>
  );
}
