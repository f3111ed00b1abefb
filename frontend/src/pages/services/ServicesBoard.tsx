import { Badge, Card, Col, Empty, Flex, Row, Typography, theme } from 'antd';
import { Link } from 'react-router';
import type { Service } from '../../api/types';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import { BOARD_COLUMNS, groupByStatus } from './board';

/** The services in one column per status. */
export function ServicesBoard({ services }: { services: readonly Service[] }) {
  const { t } = useI18n();
  const format = useFormat();
  const { token } = theme.useToken();
  const columns = groupByStatus(services);
  return (
    <Row gutter={[12, 12]}>
      {BOARD_COLUMNS.map((status) => (
        <Col key={status} xs={24} sm={12} xl={6}>
          <Card
            size="small"
            title={
              <Flex justify="space-between" align="center">
                <span>{t(`status.service.${status}`)}</span>
                <Badge count={columns[status].length} showZero color={token.colorTextTertiary} />
              </Flex>
            }
            role="region"
            aria-label={t(`status.service.${status}`)}
          >
            <Flex vertical gap={8}>
              {columns[status].length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('services.empty')} />}
              {columns[status].map((service) => (
                <Card key={service.id} size="small">
                  <Link to={`/services/${service.id}`}>{service.title}</Link>
                  <Flex justify="space-between">
                    <Typography.Text type="secondary">{format.date(service.scheduled_date)}</Typography.Text>
                    <Typography.Text>{format.money(service.subtotal)}</Typography.Text>
                  </Flex>
                </Card>
              ))}
            </Flex>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
