// The types of the HTTP contract the app uses. Those of routes in the OpenAPI document
// come from the generated schema (schema.d.ts, `npm run gen:api`); the others from
// pending.ts, until the document describes them.
import type { QueryOf, Schema } from './paths';
import type * as Pending from './pending';

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

// ---- Not in the OpenAPI document yet (see pending.ts) --------------------------------

export type CarBulkReport = Pending.PendingBulkReport<Pending.PendingCar>;

export type Car = Pending.PendingCar;
export type CarCreate = Pending.PendingCarCreate;
export type CarUpdate = Pending.PendingCarPatch;
export type CarQuery = Pending.PendingCarQuery;
export type FuelType = Pending.PendingFuelType;
export type CarStatistics = Pending.PendingCarStatistics;
export type MileageReading = Pending.PendingMileageReading;
export type ServicePrediction = Pending.PendingServicePrediction;

export type Service = Pending.PendingService;
export type ServiceStatus = Pending.PendingServiceStatus;
export type ServiceItem = Pending.PendingServiceItem;
export type ItemType = Pending.PendingItemType;
export type ServiceCreate = Pending.PendingServiceCreate;
export type ServiceQuery = Pending.PendingServiceQuery;
export type ItemCreate = Pending.PendingItemCreate;
export type ItemUpdate = Pending.PendingItemPatch;
export type Completion = Pending.PendingCompletion;
export type Channel = Pending.PendingChannel;
export type ServiceStatistics = Pending.PendingServiceStatistics;

export type Invoice = Pending.PendingInvoice;
export type InvoiceStatus = Pending.PendingInvoiceStatus;
export type InvoiceLine = Pending.PendingInvoiceLine;
export type InvoiceCreate = Pending.PendingInvoiceCreate;
export type InvoiceQuery = Pending.PendingInvoiceQuery;
export type InvoiceStatistics = Pending.PendingInvoiceStatistics;
export type DownloadUrl = Pending.PendingDownloadUrl;

export type Notification = Pending.PendingNotification;
export type NotificationType = Pending.PendingNotificationType;
export type NotificationQuery = Pending.PendingNotificationQuery;
export type NotificationCreate = Pending.PendingNotificationCreate;
