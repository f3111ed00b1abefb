import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchAppointment, fetchSchedule, listAllAppointments, listSlots } from '../../api/appointments';
import type { Appointment, AppointmentQuery, CalendarDate } from '../../api/types';
import { GARAGE_TIME_ZONE } from '../../format/date';
import { useInvalidate } from '../../hooks/useInvalidate';

/** Root query key of the appointments (and of the slots, whose free places they take). */
export const APPOINTMENTS_KEY = ['appointments'] as const;

/** Root query key of the garage's schedule. */
export const SCHEDULE_KEY = ['appointmentSchedule'] as const;

/** The query key of one appointment. */
export const appointmentKey = (id: string) => [...APPOINTMENTS_KEY, 'detail', id] as const;

/** How often the screens left open (the day's board) ask again, in ms. */
export const BOARD_REFRESH_MS = 30_000;

/** The garage's schedule; it rarely changes. */
export function useSchedule() {
  return useQuery({ queryKey: SCHEDULE_KEY, queryFn: ({ signal }) => fetchSchedule(signal), staleTime: 5 * 60_000 });
}

/** The garage's time zone, in which appointments are shown (the configured default until known). */
export function useGarageTimeZone(): string {
  return useSchedule().data?.time_zone ?? GARAGE_TIME_ZONE;
}

/** Every appointment matching the filters (all pages). */
export function useAppointments(
  params: Omit<AppointmentQuery, 'cursor' | 'limit'>,
  options: { enabled?: boolean; refetchInterval?: number } = {},
) {
  return useQuery({
    queryKey: [...APPOINTMENTS_KEY, 'list', params],
    queryFn: ({ signal }) => listAllAppointments(params, signal),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval,
  });
}

/** One appointment. */
export function useAppointment(id: string) {
  return useQuery({ queryKey: appointmentKey(id), queryFn: ({ signal }) => fetchAppointment(id, signal) });
}

/** The slots still ahead of the days `from` to `to`, with their free places. */
export function useSlots(from: CalendarDate, to: CalendarDate, enabled = true) {
  return useQuery({
    queryKey: [...APPOINTMENTS_KEY, 'slots', from, to],
    queryFn: ({ signal }) => listSlots(from, to, signal),
    enabled: enabled && from <= to,
  });
}

/**
 * A change to an appointment that answers it: the answer replaces the cached one at once
 * and the calendars and slots are refreshed; a check-in opened a service, which shows
 * in the services, the car and the dashboard too.
 */
export function useAppointmentChange<Input>(change: (input: Input) => Promise<Appointment>) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: change,
    onSuccess: async (appointment) => {
      queryClient.setQueryData(appointmentKey(appointment.id), appointment);
      const roots = appointment.status === 'checked_in' ? ['services', 'cars', 'customers', 'statistics'] : [];
      await invalidate('appointments', ...roots);
    },
  });
}
