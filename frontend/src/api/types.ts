// The types of the HTTP contract the app uses, from the generated schema (schema.d.ts,
// `npm run gen:api`). The few routes the document lacks so far are typed in pending.ts.
import type { QueryOf, Schema } from './paths';

/** A money amount as the API sends it: a decimal string in minor units ("123.450"). */
export type MoneyString = string;
/** Any exact decimal the API sends as a string (money, quantities, rates). */
export type DecimalString = string;
/** An RFC 3339 UTC timestamp. */
export type Timestamp = string;
/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string;

// ---- From the OpenAPI document -------------------------------------------------------

/** Roles a user can have. */
export type Role = Schema<'Role'>;
/** The account of a person who logs in. */
export type User = Schema<'UserView'>;
/** Body of `POST /api/users/`. */
export type UserCreate = Schema<'CreateUserRequest'>;
/** Body of `PATCH /api/users/{id}/`. */
export type UserUpdate = Schema<'UserChangesRequest'>;
/** Body of `POST /api/users/{id}/set_password`: a new password an admin sets for another account. */
export type UserPasswordSet = Schema<'SetPasswordRequest'>;
/** One field error of a problem+json body. */
export type FieldError = Schema<'FieldError'>;
/** An `application/problem+json` body as received: every member may be missing. */
export type Problem = Partial<Schema<'Problem'>>;

/** A customer profile. */
export type Customer = Schema<'Customer'>;
/** Body of `POST /api/customers/`. */
export type CustomerCreate = Schema<'CreateCustomerRequest'>;
/** Body of `PATCH /api/customers/{id}/`. */
export type CustomerUpdate = Schema<'PatchCustomerRequest'>;
/** Filters of `GET /api/customers/`. */
export type CustomerQuery = QueryOf<'/api/customers', 'get'>;
/** A customer's counts and amounts. */
export type CustomerStatistics = Schema<'CustomerStatistics'>;
/** Invoice count and amount. */
export type AmountCount = Schema<'InvoiceTotals'>;
/** What a bulk import created and why the other rows were not. */
export type CustomerBulkReport = Schema<'BulkReport_Customer'>;
/** Why one row of a bulk import was not created. */
export type RowErrors = Schema<'RowErrors'>;

/** What any bulk import answers: the entities created and the rows refused. */
export interface BulkOutcome {
  created: readonly unknown[];
  errors: readonly RowErrors[];
}

/** One page of a list: `{"results": [...], "next_cursor": "..." | null}`. */
export interface Page<T> {
  results: T[];
  next_cursor?: string | null;
}

/** Parameters every list accepts. */
export interface PageParams {
  limit?: number;
  cursor?: string | null;
}

/** A service booked on a car. */
export type Service = Schema<'Service'>;
/** Where a service is in its workflow. */
export type ServiceStatus = Schema<'Status'>;
/** One part or labour line of a service (an invoice's lines too). */
export type ServiceItem = Schema<'ServiceItem'>;
/** Part or labour. */
export type ItemType = Schema<'ItemType'>;
/** Body of `POST /api/services`. */
export type ServiceCreate = Schema<'CreateServiceRequest'>;
/** Filters of `GET /api/services`. */
export type ServiceQuery = QueryOf<'/api/services', 'get'>;
/** Body of `POST /api/services/{id}/items`. */
export type ItemCreate = Schema<'AddItemRequest'>;
/** Body of `PATCH /api/services/{id}/items/{item_id}`. */
export type ItemUpdate = Schema<'PatchItemRequest'>;
/** Body of `POST /api/services/{id}/complete`. */
export type Completion = Schema<'CompleteRequest'>;
/** How a message reaches a customer. */
export type Channel = Schema<'Channel'>;
/** The services dashboard figures. */
export type ServiceStatistics = Schema<'ServiceStatistics'>;
/** Body of `POST /api/services/{id}/notes`. */
export type NotesUpdate = Schema<'NotesRequest'>;

/** A technician, as staff pick them for a job. */
export type Technician = Schema<'Technician'>;
/** The workshop's load over a period: each technician's, and the jobs nobody has. */
export type Workload = Schema<'Workload'>;
/** One technician's load, day by day. */
export type TechnicianLoad = Schema<'TechnicianLoad'>;
/**
 * One technician's day: their jobs, those not done yet, the labour hours booked on them and,
 * of the jobs, the appointments not checked in yet.
 */
export type DayLoad = Schema<'DayLoad'>;
/** The jobs booked on one day that no active technician has (done or not): a count only. */
export type DayUnassigned = Schema<'DayUnassigned'>;
/** A technician's day: their jobs in the order of the screen. */
export type JobList = Schema<'JobList'>;
/** One job on a technician's screen: the service, its car and whom to call. */
export type Job = Schema<'Job'>;
/** The car of a job, as the technician sees it. */
export type JobCar = Schema<'JobCar'>;
/** A technician as staff's screens list them, with the job they are clocked on (if any). */
export type TechnicianOnFloor = Schema<'TechnicianOnFloor'>;
/** A stretch of work of one technician on one job; `ended_at` is absent while the clock runs. */
export type TimeEntry = Schema<'TimeEntry'>;
/** A technician's clock: the entry running, or none. */
export type ClockState = Schema<'ClockState'>;
/** The time recorded on a job, with its total and unbilled hours. */
export type JobTime = Schema<'JobTime'>;
/** Body of `POST /api/services/{id}/bill_time`: the labour line's rate and name, both optional. */
export type BillTime = Pick<Schema<'BillTimeRequest'>, 'unit_price' | 'name'>;
/** Each technician's hours over a period, day by day. */
export type HoursReport = Schema<'HoursReport'>;
/** One technician's hours over a period. */
export type TechnicianHours = Schema<'TechnicianHours'>;

/** A customer's bill for a service. */
export type Invoice = Schema<'Invoice'>;
/** Where an invoice is in its workflow. */
export type InvoiceStatus = Schema<'InvoiceStatus'>;
/** One line of an invoice. */
export type InvoiceLine = Schema<'ServiceItem'>;
/** How an invoice was paid. */
export type PaymentMethod = Schema<'PaymentMethod'>;
/** Body of `POST /api/invoices`. */
export type InvoiceCreate = Schema<'CreateInvoiceRequest'>;
/** Filters of `GET /api/invoices`. */
export type InvoiceQuery = QueryOf<'/api/invoices', 'get'>;
/** The invoices dashboard figures. */
export type InvoiceStatistics = Schema<'InvoiceStatistics'>;
/** A short-lived link to an invoice's PDF. */
export type DownloadUrl = Schema<'DownloadResponse'>;

/** A message in a customer's inbox. */
export type Notification = Schema<'Notification'>;
/** Why a notification was sent. */
export type NotificationType = Schema<'NotificationType'>;
/** Filters of `GET /api/notifications`. */
export type NotificationQuery = QueryOf<'/api/notifications', 'get'>;
/**
 * Body of `POST /api/notifications`, narrowed to its two valid shapes: one customer, or
 * every customer.
 */
export type NotificationCreate = Schema<'SendNotificationRequest'> &
  ({ customer_id: string; all_customers?: false } | { customer_id?: never; all_customers: true });

/** One of a customer's phones registered for push notifications (by the mobile app). */
export type Device = Schema<'DeviceView'>;

/** A car of a customer. */
export type Car = Schema<'Car'>;
/** What a car runs on. */
export type FuelType = Schema<'FuelType'>;
/** Body of `POST /api/cars`. */
export type CarCreate = Schema<'CreateCarRequest'>;
/** Body of `PATCH /api/cars/{id}`. */
export type CarUpdate = Schema<'PatchCarRequest'>;
/** Filters of `GET /api/cars`. */
export type CarQuery = QueryOf<'/api/cars', 'get'>;
/** A car's service count, spending and mileage. */
export type CarStatistics = Schema<'CarStatistics'>;
/** One odometer reading of a car. */
export type MileageReading = Schema<'Reading'>;
/** When and at what mileage a car's next service is due, and why. */
export type ServicePrediction = Schema<'ServicePrediction'>;
/** What a bulk import of cars created and why the other rows were not. */
export type CarBulkReport = Schema<'BulkReport_Car'>;

/** A car a customer added, waiting for the garage's approval (or approved, or turned down). */
export type PendingCar = Schema<'PendingCar'>;
/** Where a car a customer added is. */
export type PendingCarStatus = Schema<'PendingCarStatus'>;
/** Body of `POST /api/cars/pending`: the customer's own car, so no owner. */
export type PendingCarCreate = Schema<'AddCarRequest'>;
/** Filters of `GET /api/cars/pending`. */
export type PendingCarQuery = Omit<QueryOf<'/api/cars/pending', 'get'>, 'status' | 'offset'> & {
  status?: PendingCarStatus;
};

/** Where an appointment is in its life. */
export type AppointmentStatus = Schema<'AppointmentStatus'>;
/** A car booked into a slot of the garage's calendar. */
export type Appointment = Schema<'Appointment'>;
/** Who booked an appointment. */
export type BookedBy = Schema<'BookedBy'>;
/** Body of `POST /api/appointments`. */
export type AppointmentCreate = Schema<'BookRequest'>;
/** Filters of `GET /api/appointments`. */
export type AppointmentQuery = Omit<QueryOf<'/api/appointments', 'get'>, 'status' | 'offset'> & {
  status?: AppointmentStatus;
};
/** Body of `POST /api/appointments/{id}/check_in`: the service it opens. */
export type AppointmentCheckIn = Pick<Schema<'CheckInRequest'>, 'title' | 'service_type'>;
/** Body of `POST /api/appointments/{id}/cancel`. */
export type AppointmentCancel = Pick<Schema<'CancelAppointmentRequest'>, 'reason'>;
/** Body of `POST /api/appointments/{id}/reschedule`: the start of a free slot. */
export type AppointmentReschedule = Pick<Schema<'RescheduleAppointmentRequest'>, 'starts_at'>;
/** The garage's hours, slots and capacity, with its time zone and version. */
export type Schedule = Schema<'Schedule'>;
/** Body of `PUT /api/appointments/schedule`. */
export type ScheduleSettings = Schema<'ScheduleRequest'>;
/** The opening periods of each weekday. */
export type WeekHours = Schema<'WeekHours'>;
/** A weekday, as the schedule names it. */
export type Weekday = keyof WeekHours;
/** One opening period of a day (`HH:MM` to `HH:MM`). */
export type OpeningPeriod = Schema<'Period'>;
/** One slot of the calendar with its free places. */
export type Slot = Schema<'Slot'>;
/** The slots of some days, with the time zone the days are counted in. */
export type SlotList = Schema<'SlotList'>;

/** Where a customer's request to the garage is. */
export type RequestStatus = Schema<'RequestStatus'>;
/** A customer's request: a problem with one of their cars, and the days that suit them. */
export type ServiceRequest = Schema<'ServiceRequest'>;
/** Body of `POST /api/appointments/requests`. */
export type RequestCreate = Schema<'RequestBody'>;
/** Filters of `GET /api/appointments/requests`. */
export type RequestQuery = Omit<QueryOf<'/api/appointments/requests', 'get'>, 'status' | 'offset'> & {
  status?: RequestStatus;
};
/** Body of `POST /api/appointments/requests/{id}/book`: the start of a free slot. */
export type RequestBook = Pick<Schema<'BookRequestBody'>, 'starts_at'>;
/** Body of `POST /api/appointments/requests/{id}/open_service`: the service it opens. */
export type RequestOpenService = Pick<Schema<'OpenServiceBody'>, 'title' | 'service_type' | 'scheduled_date'>;
/** Body of `POST /api/appointments/requests/{id}/close`: the answer sent to the customer. */
export type RequestClose = Pick<Schema<'CloseBody'>, 'answer'>;

/** One record of the audit log: who did what to what, and the fields it changed. */
export type AuditRecord = Schema<'AuditRecord'>;
/** Who acted, as the record keeps them (their name as it was then). */
export type AuditActor = Schema<'AuditActor'>;
/** What was done. */
export type AuditAction = Schema<'AuditAction'>;
/** What kind of thing an action was on. */
export type AuditEntityKind = Schema<'AuditEntityKind'>;
/**
 * The changed fields of a record, one side (`before` or `after`). The document types them
 * as an object with no known member; their values are any JSON.
 */
export type AuditFields = Readonly<Record<string, unknown>>;
/** Filters of `GET /api/audit` and `GET /api/audit/export`, narrowed to the values they take. */
export type AuditQuery = Omit<QueryOf<'/api/audit/export', 'get'>, 'action' | 'entity_kind'> & {
  action?: AuditAction;
  entity_kind?: AuditEntityKind;
};
