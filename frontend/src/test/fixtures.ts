import type { Car, Invoice, Service, ServiceItem } from '../api/types';
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

/** A server with a restorable session of `role`; `more` answers everything else. */
export function serverFor(role: Role, more: (request: SeenRequest) => Response | undefined): SeenRequest[] {
  return mockFetch((request) => {
    if (request.path === '/api/token/refresh') return jsonResponse(200, { access: 'tok' });
    if (request.path === '/api/users/me') return jsonResponse(200, testUser(role));
    if (request.path === '/api/notifications/unread_count') return jsonResponse(200, { count: 0 });
    return more(request);
  });
}
