import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { Service } from '../../api/types';
import { ServiceStatusTag } from '../../components/StatusTag';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import { TechnicianName } from './TechnicianSelect';

/**
 * Columns of a services table; each title opens the service. `withTechnician` adds who
 * the work is assigned to (staff: the technicians list is theirs only).
 */
export function useServiceColumns({ withTechnician = false }: { withTechnician?: boolean } = {}): ColumnsType<Service> {
  const { t } = useI18n();
  const format = useFormat();
  const columns: ColumnsType<Service> = [
    {
      key: 'title',
      title: t('services.titleField'),
      render: (_, service) => (
        <Link to={`/services/${service.id}`} aria-label={t('services.open', { title: service.title })}>
          {service.title}
        </Link>
      ),
    },
    { key: 'status', title: t('services.status'), render: (_, service) => <ServiceStatusTag status={service.status} /> },
    { key: 'date', title: t('services.scheduledDate'), render: (_, service) => format.date(service.scheduled_date) },
    { key: 'type', dataIndex: 'service_type', title: t('services.type'), responsive: ['md'] },
    {
      key: 'subtotal',
      title: t('services.subtotal'),
      align: 'end',
      render: (_, service) => format.money(service.subtotal),
    },
  ];
  if (withTechnician) {
    // Next to the date: who does the work and when.
    columns.splice(3, 0, {
      key: 'technician',
      title: t('services.technician'),
      render: (_, service) => <TechnicianName id={service.technician_id} />,
    });
  }
  return columns;
}
