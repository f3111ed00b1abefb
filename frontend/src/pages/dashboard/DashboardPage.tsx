import type { ReactNode } from 'react';
import { Alert, Card, Col, Row, Skeleton, Statistic, Typography, theme } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { fetchInvoiceStatistics } from '../../api/invoices';
import { fetchServiceStatistics } from '../../api/services';
import type { InvoiceStatistics, InvoiceStatus, ServiceStatistics } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage } from '../../feedback/errorMessage';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import { UpcomingAppointmentsCard } from '../appointments/UpcomingAppointmentsCard';
import { BOARD_COLUMNS } from '../services/board';
import { SimpleBarChart } from './charts';

const INVOICE_STATUSES: readonly InvoiceStatus[] = ['draft', 'pending', 'paid', 'refunded', 'cancelled'];

/** The garage at a glance: services and invoices figures, then the charts (staff). */
export function DashboardPage() {
  const { t } = useI18n();
  const services = useQuery({
    queryKey: ['statistics', 'services'],
    queryFn: ({ signal }) => fetchServiceStatistics(signal),
  });
  const invoices = useQuery({
    queryKey: ['statistics', 'invoices'],
    queryFn: ({ signal }) => fetchInvoiceStatistics(signal),
  });
  const loading = services.isPending || invoices.isPending;
  return (
    <>
      <PageHeader title={t('dashboard.title')} />
      {services.isError && <Alert type="error" showIcon message={errorMessage(services.error, t)} style={{ marginBottom: 16 }} />}
      {invoices.isError && <Alert type="error" showIcon message={errorMessage(invoices.error, t)} style={{ marginBottom: 16 }} />}
      {loading && <Skeleton active />}
      <Row gutter={[16, 16]}>
        {services.data !== undefined && <ServiceKpis stats={services.data} />}
        {invoices.data !== undefined && <InvoiceKpis stats={invoices.data} />}
        <Col xs={24} xl={12}>
          <UpcomingAppointmentsCard />
        </Col>
        {services.data !== undefined && <ServiceCharts stats={services.data} />}
        {invoices.data !== undefined && <InvoiceCharts stats={invoices.data} />}
      </Row>
    </>
  );
}

function Kpi({ title, value, extra }: { title: string; value: string | number; extra?: string }) {
  return (
    <Col xs={24} sm={12} xl={6}>
      <Card style={{ height: '100%' }}>
        <Statistic title={title} value={value} />
        {extra !== undefined && <Typography.Text type="secondary">{extra}</Typography.Text>}
      </Card>
    </Col>
  );
}

function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Col xs={24} xl={12}>
      <Card title={title}>{children}</Card>
    </Col>
  );
}

function ServiceKpis({ stats }: { stats: ServiceStatistics }) {
  const { t } = useI18n();
  const format = useFormat();
  const seconds = stats.average_completion_seconds;
  return (
    <>
      <Kpi
        title={t('dashboard.scheduledToday')}
        value={stats.scheduled_today}
        extra={t('dashboard.thisWeek', { count: stats.scheduled_this_week })}
      />
      <Kpi title={t('dashboard.inProgress')} value={stats.by_status.in_progress} />
      <Kpi title={t('dashboard.completedThisMonth')} value={stats.completed_this_month} />
      <Kpi
        title={t('dashboard.revenueThisMonth')}
        value={format.money(stats.revenue_this_month)}
        extra={seconds == null ? undefined : t('dashboard.averageCompletion', { hours: format.number(seconds / 3600, 1) })}
      />
    </>
  );
}

function InvoiceKpis({ stats }: { stats: InvoiceStatistics }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <>
      <Kpi title={t('dashboard.revenue')} value={format.money(stats.revenue)} />
      <Kpi
        title={t('dashboard.outstanding')}
        value={format.money(stats.outstanding.amount)}
        extra={t('dashboard.invoiceCount', { count: stats.outstanding.count })}
      />
      <Kpi
        title={t('dashboard.overdue')}
        value={format.money(stats.overdue.amount)}
        extra={t('dashboard.invoiceCount', { count: stats.overdue.count })}
      />
    </>
  );
}

function ServiceCharts({ stats }: { stats: ServiceStatistics }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  // One colour per status, in the order of BOARD_COLUMNS, taken from the theme so that
  // the dark theme gets its own (less glaring) shades.
  const colors = [token.colorPrimary, token.colorWarning, token.colorSuccess, token.colorTextQuaternary];
  const byStatus = BOARD_COLUMNS.map((status, index) => ({
    label: t(`status.service.${status}`),
    value: stats.by_status[status],
    text: String(stats.by_status[status]),
    color: colors[index],
  }));
  return (
    <ChartCard title={t('dashboard.servicesByStatus')}>
      <SimpleBarChart data={byStatus} name={t('dashboard.services')} counts />
    </ChartCard>
  );
}

function InvoiceCharts({ stats }: { stats: InvoiceStatistics }) {
  const { t } = useI18n();
  const format = useFormat();
  const byStatus = INVOICE_STATUSES.map((status) => ({
    label: t(`status.invoice.${status}`),
    value: Number(stats.by_status[status].amount),
    text: format.money(stats.by_status[status].amount),
  }));
  return (
    <ChartCard title={t('dashboard.invoicesByStatus')}>
      <SimpleBarChart data={byStatus} name={t('dashboard.amount')} />
    </ChartCard>
  );
}
