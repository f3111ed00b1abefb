import { App, Select } from 'antd';
import { assignService } from '../../api/services';
import type { Service, Technician } from '../../api/types';
import { errorMessage } from '../../feedback/errorMessage';
import { technicianName } from '../../format/displayName';
import { useI18n } from '../../i18n/I18nProvider';
import { useTechnicians } from '../workshop/queries';
import { useServiceChange } from './queries';

/** The options: the active technicians, and the one assigned if no longer among them. */
function technicianOptions(technicians: readonly Technician[], assigned: string | null, former: string) {
  const options = technicians.map((technician) => ({ value: technician.id, label: technicianName(technician) }));
  if (assigned !== null && !technicians.some((technician) => technician.id === assigned)) {
    options.push({ value: assigned, label: former });
  }
  return options;
}

/**
 * Who does the work (staff): picking a technician assigns it at once through `assign`,
 * clearing takes it off them. `doneText` is the confirmation, given the technician's name
 * (none once cleared).
 */
export function TechnicianSelect({
  assigned,
  disabled,
  pending,
  placeholder,
  assign,
  doneText,
}: {
  assigned: string | null;
  disabled: boolean;
  pending: boolean;
  placeholder: string;
  assign: (technicianId: string | null) => Promise<unknown>;
  doneText: (name: string | undefined) => string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const technicians = useTechnicians();
  const options = technicianOptions(technicians.data ?? [], assigned, t('services.formerTechnician'));

  async function change(technicianId: string | null) {
    try {
      await assign(technicianId);
      message.success(doneText(options.find((option) => option.value === technicianId)?.label));
    } catch (error) {
      message.error(errorMessage(error, t));
    }
  }

  return (
    <Select<string>
      allowClear
      showSearch
      optionFilterProp="label"
      aria-label={t('services.technician')}
      placeholder={placeholder}
      // Until the list is in, an id would show as such: show nothing rather than that.
      value={technicians.data === undefined ? undefined : (assigned ?? undefined)}
      options={options}
      loading={technicians.isFetching || pending}
      disabled={disabled || pending}
      onChange={(technicianId) => void change(technicianId ?? null)}
      style={{ minWidth: 200 }}
    />
  );
}

/** Who does the work on a service (staff); a completed or cancelled service keeps who did it. */
export function ServiceTechnicianSelect({ service }: { service: Service }) {
  const { t } = useI18n();
  const assign = useServiceChange((technicianId: string | null) => assignService(service, technicianId));
  return (
    <TechnicianSelect
      assigned={service.technician_id ?? null}
      disabled={service.status === 'completed' || service.status === 'cancelled'}
      pending={assign.isPending}
      placeholder={t('services.noTechnician')}
      assign={assign.mutateAsync}
      doneText={(name) => (name === undefined ? t('services.unassigned') : t('services.assigned', { name }))}
    />
  );
}

/** The name of the technician a service is assigned to (staff's lists). */
export function TechnicianName({ id }: { id: string | null | undefined }) {
  const { t } = useI18n();
  const technicians = useTechnicians();
  if (id == null) return <>{t('common.notGiven')}</>;
  if (technicians.data === undefined) return null;
  const technician = technicians.data.find((candidate) => candidate.id === id);
  return <>{technician === undefined ? t('services.formerTechnician') : technicianName(technician)}</>;
}
