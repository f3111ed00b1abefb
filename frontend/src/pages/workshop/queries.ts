import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  clockOff,
  clockOn,
  closeClock,
  fetchHours,
  fetchMyClock,
  fetchMyJobs,
  fetchWorkload,
  listTechnicians,
} from '../../api/technicians';
import type { CalendarDate, ClockState, Timestamp } from '../../api/types';
import { useInvalidate } from '../../hooks/useInvalidate';
import { SERVICES_KEY } from '../services/queries';

/** How often a technician's screen asks for their jobs again, in ms (a tablet left open in the workshop). */
export const MY_JOBS_REFRESH_MS = 60_000;

/** How often the workload asks again who is clocked on, in ms. */
export const ON_FLOOR_REFRESH_MS = 60_000;

/** Root query key of the technicians list (with their clocks) and of their hours. */
export const TECHNICIANS_KEY = ['technicians'] as const;

const TECHNICIANS_LIST_KEY = [...TECHNICIANS_KEY, 'list'] as const;

/** The active technicians (staff), for picking one: they change rarely. */
export function useTechnicians(enabled = true) {
  return useQuery({
    queryKey: TECHNICIANS_LIST_KEY,
    queryFn: ({ signal }) => listTechnicians(signal),
    staleTime: 60_000,
    enabled,
  });
}

/** The same list for who is clocked on where (staff): asked again on opening and every minute. */
export function useTechniciansOnFloor() {
  return useQuery({
    queryKey: TECHNICIANS_LIST_KEY,
    queryFn: ({ signal }) => listTechnicians(signal),
    refetchInterval: ON_FLOOR_REFRESH_MS,
  });
}

// The jobs, the workload and the technician's clock follow the services: kept under the
// services' root key, so that any change to a service (`useServiceChange`) refreshes them
// too (completing, cancelling or reassigning a job stops its clock on the server).

/** The query key of the technician's jobs of `date` (null: the server's today). */
const myJobsKey = (date: CalendarDate | null) => [...SERVICES_KEY, 'myJobs', date ?? 'today'] as const;

/** The query key of the technician's clock. */
const MY_CLOCK_KEY = [...SERVICES_KEY, 'myClock'] as const;

/** The technician's jobs of `date` (null: the server's today), asked again every minute while enabled. */
export function useMyJobs(date: CalendarDate | null, enabled = true) {
  return useQuery({
    queryKey: myJobsKey(date),
    queryFn: ({ signal }) => fetchMyJobs(date, signal),
    refetchInterval: MY_JOBS_REFRESH_MS,
    enabled,
  });
}

/** The technician's running clock, asked again with the jobs (staff may close it meanwhile). */
export function useMyClock() {
  return useQuery({
    queryKey: MY_CLOCK_KEY,
    queryFn: ({ signal }) => fetchMyClock(signal),
    refetchInterval: MY_JOBS_REFRESH_MS,
  });
}

/** Clocks the technician on a job; the answer is the clock shown. */
export function useClockOn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (serviceId: string) => clockOn(serviceId),
    onSuccess: (clock) => queryClient.setQueryData<ClockState>(MY_CLOCK_KEY, clock),
  });
}

/** Stops the technician's clock. */
export function useClockOff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => clockOff(),
    onSuccess: () => queryClient.setQueryData<ClockState>(MY_CLOCK_KEY, { open: null }),
    // Refused, the clock shown is out of date (staff may have closed it): ask again.
    onError: () => queryClient.invalidateQueries({ queryKey: MY_CLOCK_KEY }),
  });
}

/** Closes a technician's forgotten clock (staff): their clock, the job's time and the hours change. */
export function useCloseClock(technicianId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (endedAt: Timestamp | undefined) => closeClock(technicianId, endedAt),
    onSuccess: () => invalidate('technicians', 'services'),
  });
}

/** The workshop's load from `from` to `to` (staff). */
export function useWorkload(from: CalendarDate, to: CalendarDate) {
  return useQuery({
    queryKey: [...SERVICES_KEY, 'workload', from, to],
    queryFn: ({ signal }) => fetchWorkload(from, to, signal),
  });
}

/** Each technician's hours from `from` to `to` (staff). */
export function useHours(from: CalendarDate, to: CalendarDate) {
  return useQuery({
    queryKey: [...TECHNICIANS_KEY, 'hours', from, to],
    queryFn: ({ signal }) => fetchHours(from, to, signal),
  });
}
