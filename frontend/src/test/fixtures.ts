import type {
  Appointment,
  AuditFields,
  AuditRecord,
  Car,
  DayLoad,
  DayUnassigned,
  Invoice,
  Job,
  PendingCar,
  Schedule,
  Service,
  ServiceItem,
  ServiceRequest,
  Slot,
  Technician,
  TimeEntry,
} from '../api/types';
import { jsonResponse, mockFetch, type SeenRequest } from './fetchMock';
import { testUser } from './users';
import type { Role } from '../api/types';

const STAMP = '2026-03-01T09:00:00Z';

/** A car with one reading, for tests. */
export function testCar(overrides: Partial<Car> = {}): Car {
  return {
    id: 'car1',
    customer_id: 'c1',
    make: 'Peugeot',
    model: '208',
    year: 2020,
    license_plate: '123TU4567',
    vin: null,
    fuel_type: 'gasoline',
    initial_mileage: 42000,
    mileage: 42000,
    mileage_recorded_at: STAMP,
    average_daily_mileage: null,
    last_service_date: null,
    last_service_mileage: null,
    next_service_date: '2027-03-01',
    next_service_mileage: 52000,
    version: 1,
    created_at: STAMP,
    updated_at: STAMP,
    ...overrides,
  };
}

/** A service item, for tests. */
export function testItem(id: string, overrides: Partial<ServiceItem> = {}): ServiceItem {
  return {
    id,
    item_type: 'part',
    name: `Item ${id}`,
    description: '',
    quantity: '1',
    unit_price: '10.000',
    total_price: '10.000',
    ...overrides,
  };
}

/** A scheduled service, for tests. */
export function testService(overrides: Partial<Service> = {}): Service {
  return {
    id: 's1',
    car_id: 'car1',
    customer_id: 'c1',
    title: 'Vidange',
    description: '',
    service_type: 'maintenance',
    status: 'scheduled',
    scheduled_date: '2026-03-10',
    started_at: null,
    completed_date: null,
    service_mileage: null,
    technician_notes: '',
    cancel_reason: null,
    items: [],
    subtotal: '0.000',
    invoice_id: null,
    invoice_status: null,
    version: 4,
    created_at: STAMP,
    updated_at: STAMP,
    ...overrides,
  };
}

/** Karim Haddad, an active technician, for tests. */
export function testTechnician(overrides: Partial<Technician> = {}): Technician {
  return { id: 'tech1', name: 'Karim Haddad', username: 'karim', ...overrides };
}

/**
 * Karim Haddad's hour and a half on job s1, closed and not billed, for tests: from 08:00 to
 * 09:30 in Tunis on Wednesday 11 March 2026.
 */
export function testTimeEntry(overrides: Partial<TimeEntry> = {}): TimeEntry {
  return {
    id: 'te1',
    technician_id: 'tech1',
    technician_name: 'Karim Haddad',
    service_id: 's1',
    service_title: 'Vidange',
    started_at: '2026-03-11T07:00:00Z',
    ended_at: '2026-03-11T08:30:00Z',
    seconds: 5400,
    billed_item_id: null,
    ...overrides,
  };
}

/** A job on a technician's screen: `service` on Amina Ben Salah's Peugeot 208, for tests. */
export function testJob(service: Partial<Service> = {}, overrides: Partial<Omit<Job, 'service'>> = {}): Job {
  return {
    service: testService({ technician_id: 'technician-1', ...service }),
    car: {
      id: 'car1',
      make: 'Peugeot',
      model: '208',
      year: 2020,
      license_plate: '123TU4567',
      vin: 'VF3ABCDEF12345678',
      mileage: 42000,
    },
    customer: { name: 'Amina Ben Salah', phone: '+21698123456' },
    ...overrides,
  };
}

/**
 * One technician's day of a workload: `jobs` jobs, `open` of them still to do, `hours` of
 * labour booked, `appointments` of the jobs appointments not checked in yet.
 */
export function testDayLoad(date: string, jobs = 0, open = 0, hours = '0', appointments = 0): DayLoad {
  return { date, jobs, open, booked_hours: hours, appointments };
}

/** One day of the jobs nobody has in a workload: `jobs` of them. */
export function testDayUnassigned(date: string, jobs = 0): DayUnassigned {
  return { date, jobs };
}

/** A draft invoice, for tests. */
export function testInvoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    id: 'i1',
    invoice_number: null,
    service_id: 's1',
    car_id: 'car1',
    customer_id: 'c1',
    customer_name: 'Amine Ben Ali',
    status: 'draft',
    issued_date: null,
    due_date: '2026-04-10',
    notes: '',
    lines: [],
    subtotal: '100.000',
    tax_rate: '19.00',
    tax_amount: '19.000',
    fees: [{ label: 'Environmental fee', amount: '1.000' }],
    discount: '0.000',
    total: '120.000',
    paid_at: null,
    payment_method: null,
    refund_amount: null,
    refund_reason: null,
    pdf: null,
    version: 2,
    created_at: STAMP,
    updated_at: STAMP,
    ...overrides,
  };
}

/** A requested appointment of car1 on Wednesday 11 March 2026, 09:00 in Tunis (08:00 UTC), for tests. */
export function testAppointment(overrides: Partial<Appointment> = {}): Appointment {
  return {
    id: 'a1',
    car_id: 'car1',
    customer_id: 'c1',
    car: { license_plate: '123TU4567', make: 'Peugeot', model: '208' },
    customer_name: 'Amine Ben Ali',
    starts_at: '2026-03-11T08:00:00Z',
    ends_at: '2026-03-11T09:00:00Z',
    status: 'requested',
    booked_by: 'customer',
    description: 'Vidange\nEt un bruit au freinage',
    decline_reason: null,
    cancel_reason: null,
    service_id: null,
    reminded_for: null,
    version: 3,
    created_at: STAMP,
    updated_at: STAMP,
    ...overrides,
  };
}

/** An open request of Amine Ben Ali about car1, who would like Thursday 12 or Friday 13 March 2026, for tests. */
export function testRequest(overrides: Partial<ServiceRequest> = {}): ServiceRequest {
  return {
    id: 'r1',
    customer_id: 'c1',
    customer_name: 'Amine Ben Ali',
    car_id: 'car1',
    car: { license_plate: '123TU4567', make: 'Peugeot', model: '208' },
    description: 'Bruit au freinage\nSurtout à froid',
    preferred_days: ['2026-03-12', '2026-03-13'],
    status: 'open',
    answer: null,
    appointment_id: null,
    service_id: null,
    version: 2,
    created_at: STAMP,
    updated_at: STAMP,
    ...overrides,
  };
}

/** The garage's schedule in Tunis: 08:00–12:00 and 14:00–18:00 on weekdays, Saturday morning, hour slots of two cars. */
export function testSchedule(overrides: Partial<Schedule> = {}): Schedule {
  const weekday = [
    { open: '08:00', close: '12:00' },
    { open: '14:00', close: '18:00' },
  ];
  return {
    opening_hours: {
      monday: weekday,
      tuesday: weekday,
      wednesday: weekday,
      thursday: weekday,
      friday: weekday,
      saturday: [{ open: '08:00', close: '13:00' }],
      sunday: [],
    },
    closed_days: ['2026-03-20'],
    slot_minutes: 60,
    capacity: 2,
    cutoff_hours: 24,
    reminder_hours: 24,
    time_zone: 'Africa/Tunis',
    version: 3,
    updated_at: STAMP,
    ...overrides,
  };
}

/** A one-hour slot starting at `startsAt` (UTC) with `free` of its 2 places free. */
export function testSlot(startsAt: string, free: number): Slot {
  const ends = new Date(Date.parse(startsAt) + 3_600_000).toISOString().replace('.000Z', 'Z');
  return { starts_at: startsAt, ends_at: ends, capacity: 2, free };
}

/** A car Sonia Trabelsi added, waiting for the garage's approval, for tests. */
export function testPendingCar(overrides: Partial<PendingCar> = {}): PendingCar {
  return {
    id: 'pc1',
    customer_id: 'c2',
    customer_name: 'Sonia Trabelsi',
    make: 'Kia',
    model: 'Picanto',
    year: 2019,
    license_plate: '200TU1234',
    vin: 'KNABE511AKT123456',
    fuel_type: 'gasoline',
    initial_mileage: 61000,
    last_service_date: null,
    last_service_mileage: null,
    status: 'pending',
    reason: null,
    version: 1,
    created_at: STAMP,
    updated_at: STAMP,
    ...overrides,
  };
}

/**
 * An audit record, for tests: staff changed customer c1's notes. `before` and `after` take
 * any JSON values (the document types their members as `never`).
 */
export function testAuditRecord(
  overrides: Partial<Omit<AuditRecord, 'before' | 'after'>> & { before?: AuditFields | null; after?: AuditFields | null } = {},
): AuditRecord {
  const { before = { notes: '' }, after = { notes: 'Client fidèle' }, ...rest } = overrides;
  return {
    id: 'audit1',
    at: STAMP,
    actor: { user_id: 'staff-1', name: 'Sami Staff', role: 'staff', ip: '197.1.2.3' },
    action: 'customer_updated',
    entity_kind: 'customer',
    entity_id: 'c1',
    ...rest,
    before: before as AuditRecord['before'],
    after: after as AuditRecord['after'],
  };
}

/** What staff's menu asks to count the open requests. */
export const OPEN_REQUEST_COUNT_PATH = '/api/appointments/requests?status=open&limit=100';

/** What staff's menu asks to count the cars waiting for approval. */
export const WAITING_CAR_COUNT_PATH = '/api/cars/pending?status=pending&limit=100';

/** Whether `path` is one of the counts staff's menu asks for (open requests, waiting cars). */
export function isMenuCount(path: string): boolean {
  return path === OPEN_REQUEST_COUNT_PATH || path === WAITING_CAR_COUNT_PATH;
}

/**
 * A server with a restorable session of `role`; `more` answers everything else, and by
 * default there is no open request nor waiting car for staff's menu to count, no
 * technician for staff's screens to name, no clock running for a technician, and no time
 * recorded on any job.
 */
export function serverFor(role: Role, more: (request: SeenRequest) => Response | undefined): SeenRequest[] {
  return mockFetch((request) => {
    if (request.path === '/api/token/refresh') return jsonResponse(200, { access: 'tok' });
    if (request.path === '/api/users/me') return jsonResponse(200, testUser(role));
    if (request.path === '/api/notifications/unread_count') return jsonResponse(200, { count: 0 });
    const answer = more(request);
    if (answer === undefined && isMenuCount(request.path)) return jsonResponse(200, { results: [], next_cursor: null });
    if (answer === undefined && request.path === '/api/technicians') return jsonResponse(200, { results: [] });
    if (answer === undefined && request.path === '/api/technicians/me/clock') return jsonResponse(200, { open: null });
    if (answer === undefined && /^\/api\/services\/[^/]+\/time$/.test(request.path)) {
      return jsonResponse(200, { results: [], total_hours: '0.00', unbilled_hours: '0.00' });
    }
    return answer;
  });
}
