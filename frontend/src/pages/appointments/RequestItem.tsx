import { Flex, List, Typography } from 'antd';
import { Link } from 'react-router';
import type { ServiceRequest } from '../../api/types';
import { useIsStaff } from '../../auth/useIsStaff';
import { LtrText } from '../../components/LtrText';
import { RequestStatusTag } from '../../components/StatusTag';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import { RequestActions } from './RequestActions';
import { usePreferredDaysText } from './requestFormat';

/**
 * One request in a list: the car and its status, whose (for staff), the problem, the days
 * that suit the customer, when it came, the garage's answer, and what may be done with it.
 */
export function RequestItem({ request }: { request: ServiceRequest }) {
  const { t } = useI18n();
  const format = useFormat();
  const isStaff = useIsStaff();
  const preferred = usePreferredDaysText();
  return (
    <List.Item
      actions={[
        <Flex key="actions" gap={8} wrap>
          <RequestActions request={request} />
        </Flex>,
      ]}
    >
      <List.Item.Meta
        title={
          <Flex gap={8} align="center" wrap>
            <Link to={`/appointments/requests/${request.id}`}>
              <LtrText>{request.car.license_plate}</LtrText> · {request.car.make} {request.car.model}
            </Link>
            <RequestStatusTag status={request.status} />
          </Flex>
        }
        description={
          <Flex vertical gap={4}>
            {isStaff && (
              <div>
                <Link to={`/customers/${request.customer_id}`}>{request.customer_name}</Link>
              </div>
            )}
            <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-line' }}>{request.description}</Typography.Paragraph>
            <Typography.Text type="secondary">{preferred(request.preferred_days)}</Typography.Text>
            <Typography.Text type="secondary">{t('requests.received', { date: format.dateTime(request.created_at) })}</Typography.Text>
            {request.answer != null && (
              <Typography.Text style={{ whiteSpace: 'pre-line' }}>{t('requests.answer', { answer: request.answer })}</Typography.Text>
            )}
            {!isStaff && request.status === 'open' && <Typography.Text type="secondary">{t('requests.waiting')}</Typography.Text>}
          </Flex>
        }
      />
    </List.Item>
  );
}
