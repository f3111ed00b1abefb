import { assignAppointment } from '../../api/appointments';
import type { Appointment } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { TechnicianSelect } from '../services/TechnicianSelect';
import { isAssignable } from './appointmentActions';
import { useAppointmentChange } from './queries';

/**
 * Who will do the work of an appointment (staff): the service its check-in opens is
 * theirs. Fixed once the car is checked in (the service's page assigns it then) or the
 * appointment is closed. `onChanged` gets the appointment as the server answered it.
 */
export function AppointmentTechnicianSelect({
  appointment,
  onChanged,
}: {
  appointment: Appointment;
  onChanged?: (changed: Appointment) => void;
}) {
  const { t } = useI18n();
  const assign = useAppointmentChange((technicianId: string | null) => assignAppointment(appointment, technicianId));
  return (
    <TechnicianSelect
      assigned={appointment.technician_id ?? null}
      disabled={!isAssignable(appointment)}
      pending={assign.isPending}
      placeholder={t('appointments.noTechnician')}
      assign={async (technicianId) => {
        const changed = await assign.mutateAsync(technicianId);
        onChanged?.(changed);
      }}
      doneText={(name) => (name === undefined ? t('appointments.unassigned') : t('appointments.assigned', { name }))}
    />
  );
}
