import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Flex, Skeleton } from 'antd';
import { Link, useParams } from 'react-router';
import type { Service } from '../../api/types';
import { useIsStaff } from '../../auth/useIsStaff';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { ServiceStatusTag } from '../../components/StatusTag';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import { CreateInvoiceModal } from './CreateInvoiceModal';
import { ItemsEditor } from './ItemsEditor';
import { useService } from './queries';
import { ServiceActions } from './ServiceActions';
import { JobTimeCard } from './JobTimeCard';
import { ServiceTechnicianSelect } from './TechnicianSelect';

/** Whether an issued invoice froze the service's items. */
function itemsFrozen(service: Service): boolean {
  return service.invoice_status !== undefined && service.invoice_status != null && service.invoice_status !== 'draft';
}

/** One service: its details, workflow, items and invoice. */
export function ServiceDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const isStaff = useIsStaff();
  const query = useService(id);
  const service = query.data;

  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (service === undefined) return <Skeleton active />;
  const frozen = itemsFrozen(service);
  const editable = isStaff && service.status !== 'cancelled' && !frozen;

  return (
    <>
      <PageHeader
        title={service.title}
        back="/services"
        extra={isStaff ? <ServiceActions service={service} /> : undefined}
      />
      <Flex vertical gap={16}>
        <ServiceSummary service={service} />
        <Card title={t('services.items')}>
          {frozen && <Alert type="info" showIcon message={t('items.frozen')} style={{ marginBottom: 12 }} />}
          {isStaff && service.status === 'cancelled' && (
            <Alert type="info" showIcon message={t('items.readOnly')} style={{ marginBottom: 12 }} />
          )}
          <ItemsEditor service={service} editable={editable} />
        </Card>
        {isStaff && <JobTimeCard service={service} billable={editable} />}
        <ServiceInvoice service={service} />
      </Flex>
    </>
  );
}

function ServiceSummary({ service }: { service: Service }) {
  const { t } = useI18n();
  const format = useFormat();
  const isStaff = useIsStaff();
  const missing = t('common.notGiven');
  return (
    <Card>
      <Descriptions column={{ xs: 1, sm: 1, md: 2, lg: 3, xl: 3, xxl: 3 }}>
        <Descriptions.Item label={t('services.status')}>
          <ServiceStatusTag status={service.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('services.car')}>
          <Link to={`/cars/${service.car_id}`}>{t('common.details')}</Link>
        </Descriptions.Item>
        {service.appointment_id != null && (
          <Descriptions.Item label={t('services.appointment')}>
            <Link to={`/appointments/${service.appointment_id}`}>{t('services.openAppointment')}</Link>
          </Descriptions.Item>
        )}
        {isStaff && (
          <Descriptions.Item label={t('services.technician')}>
            <ServiceTechnicianSelect service={service} />
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('services.type')}>{service.service_type}</Descriptions.Item>
        <Descriptions.Item label={t('services.scheduledDate')}>{format.date(service.scheduled_date)}</Descriptions.Item>
        <Descriptions.Item label={t('services.startedAt')}>
          {service.started_at == null ? missing : format.dateTime(service.started_at)}
        </Descriptions.Item>
        <Descriptions.Item label={t('services.completedDate')}>
          {service.completed_date == null ? missing : format.date(service.completed_date)}
        </Descriptions.Item>
        <Descriptions.Item label={t('services.mileage')}>
          {service.service_mileage == null ? missing : t('common.km', { value: format.number(service.service_mileage) })}
        </Descriptions.Item>
        <Descriptions.Item label={t('services.subtotal')}>{format.money(service.subtotal)}</Descriptions.Item>
        {service.cancel_reason != null && (
          <Descriptions.Item label={t('services.cancelReason')}>{service.cancel_reason}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('services.description')} span="filled">
          {service.description || missing}
        </Descriptions.Item>
        <Descriptions.Item label={t('services.technicianNotes')} span="filled">
          {service.technician_notes || missing}
        </Descriptions.Item>
        {service.legacy_id != null && (
          <Descriptions.Item label={t('common.legacyId')}>{service.legacy_id}</Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

function ServiceInvoice({ service }: { service: Service }) {
  const { t } = useI18n();
  const isStaff = useIsStaff();
  const [creating, setCreating] = useState(false);
  if (service.invoice_id != null) {
    return (
      <Card title={t('services.invoice')}>
        <Link to={`/invoices/${service.invoice_id}`}>{t('services.openInvoice')}</Link>
      </Card>
    );
  }
  if (!isStaff || service.status === 'cancelled') return null;
  return (
    <Card title={t('services.invoice')}>
      <Button type="primary" onClick={() => setCreating(true)}>
        {t('services.createInvoice')}
      </Button>
      {creating && <CreateInvoiceModal service={service} onClose={() => setCreating(false)} />}
    </Card>
  );
}
