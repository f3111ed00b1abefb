// ROUTES NOT IN THE OPENAPI DOCUMENT YET.
//
// Written by hand from shared/API.md for the routes that shared/openapi.json does not
// describe yet (cars, services, invoices, notifications, and the customer routes about
// cars and services, are being built on other branches). When a route lands in the document, `npm run gen:api` adds it to
// schema.d.ts and the compiler fails on `Overlap` in ./paths.ts until its entry here
// is deleted; `types.ts` then re-exports the generated schema instead of the type here.
// Nothing else in the app imports this file.

/** A decimal string: money in the currency's minor units ("123.450"), or a quantity ("1.5"). */
export type DecimalString = string;
/** An RFC 3339 UTC timestamp. */
export type Timestamp = string;
/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string;

/** One field error of a problem+json body. */
interface FieldErrorBody {
  field: string;
  message: string;
}

/** Fields every stored entity carries. */
interface Versioned {
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One page of a list. */
export interface PendingPage<T> {
  results: T[];
  next_cursor: string | null;
}

/** Parameters every list accepts. */
type PageQuery = { limit?: number; cursor?: string };

// ---- Bulk imports ------------------------------------------------------------------

/** The per-row report of a bulk import (cars: customers have theirs in the document). */
export interface PendingBulkReport<T> {
  created: T[];
  errors: { row: number; errors: FieldErrorBody[] }[];
}

// ---- Cars --------------------------------------------------------------------------

export type PendingFuelType = 'gasoline' | 'diesel' | 'electric' | 'hybrid' | 'lpg';

export interface PendingCar extends Versioned {
  id: string;
  customer_id: string;
  make: string;
  model: string;
  year: number;
  license_plate: string;
  vin: string | null;
  fuel_type: PendingFuelType;
  initial_mileage: number;
  mileage: number;
  average_daily_mileage: DecimalString | null;
  last_service_date: CalendarDate | null;
  last_service_mileage: number | null;
  next_service_date: CalendarDate | null;
  next_service_mileage: number | null;
}

export type PendingCarCreate = {
  customer_id: string;
  make: string;
  model: string;
  year: number;
  license_plate: string;
  vin?: string;
  fuel_type: PendingFuelType;
  initial_mileage?: number;
};

export type PendingCarPatch = Partial<Omit<PendingCarCreate, 'customer_id' | 'initial_mileage'>> & {
  version?: number;
};

export type PendingCarQuery = PageQuery & {
  customer_id?: string;
  search?: string;
  make?: string;
  fuel_type?: PendingFuelType;
};

export interface PendingCarStatistics {
  car_id: string;
  service_count: number;
  total_spent: DecimalString;
  mileage: number;
  last_service_date: CalendarDate | null;
  next_service_date: CalendarDate | null;
}

export interface PendingMileageReading {
  mileage: number;
  recorded_at: Timestamp;
}

export interface PendingServicePrediction {
  predicted_date: CalendarDate | null;
  predicted_mileage: number | null;
  reason: string;
}

// ---- Services ----------------------------------------------------------------------

export type PendingServiceStatus = 'scheduled' | 'in_progress' | 'completed' | 'cancelled';
export type PendingItemType = 'part' | 'labor';

export interface PendingServiceItem {
  id: string;
  item_type: PendingItemType;
  name: string;
  description: string;
  quantity: DecimalString;
  unit_price: DecimalString;
  total_price: DecimalString;
}

export interface PendingService extends Versioned {
  id: string;
  car_id: string;
  customer_id: string;
  title: string;
  description: string;
  service_type: string;
  status: PendingServiceStatus;
  scheduled_date: CalendarDate;
  started_at: Timestamp | null;
  completed_date: CalendarDate | null;
  service_mileage: number | null;
  technician_notes: string;
  cancel_reason: string | null;
  items: PendingServiceItem[];
  subtotal: DecimalString;
  invoice_id: string | null;
  /** The invoice's status; once issued, the items are frozen. */
  invoice_status?: PendingInvoiceStatus | null;
}

export type PendingServiceCreate = {
  car_id: string;
  title: string;
  description?: string;
  service_type?: string;
  scheduled_date: CalendarDate;
  technician_notes?: string;
};

export type PendingServiceQuery = PageQuery & {
  status?: PendingServiceStatus;
  car_id?: string;
  customer_id?: string;
  scheduled_after?: CalendarDate;
  scheduled_before?: CalendarDate;
  search?: string;
};

export type PendingItemCreate = {
  item_type: PendingItemType;
  name: string;
  description?: string;
  quantity: DecimalString;
  unit_price: DecimalString;
};

export type PendingItemPatch = Partial<PendingItemCreate>;

export interface PendingItemList {
  results: PendingServiceItem[];
  subtotal: DecimalString;
  version: number;
}

export type PendingCompletion = {
  completed_date?: CalendarDate;
  service_mileage?: number;
  technician_notes?: string;
};

export type PendingChannel = 'push' | 'sms';

export interface PendingServiceStatistics {
  total: number;
  by_status: Record<PendingServiceStatus, number>;
  scheduled_today: number;
  scheduled_this_week: number;
  scheduled_this_month: number;
  completed_this_month: number;
  revenue: DecimalString;
  revenue_this_month: DecimalString;
  average_completion_seconds: number | null;
  today: CalendarDate;
  time_zone: string;
}

// ---- Invoices ----------------------------------------------------------------------

export interface PendingInvoiceTotals {
  count: number;
  amount: DecimalString;
}

export type PendingInvoiceStatus = 'draft' | 'pending' | 'paid' | 'cancelled' | 'refunded';

export interface PendingInvoiceLine {
  item_type: PendingItemType;
  name: string;
  description: string;
  quantity: DecimalString;
  unit_price: DecimalString;
  total_price: DecimalString;
}

export interface PendingInvoicePdf {
  size: number;
  uploaded_at: Timestamp;
  source: 'uploaded' | 'generated';
}

export interface PendingInvoice extends Versioned {
  id: string;
  invoice_number: string | null;
  service_id: string;
  customer_id: string;
  status: PendingInvoiceStatus;
  issued_date: CalendarDate | null;
  due_date: CalendarDate;
  notes: string;
  lines: PendingInvoiceLine[];
  subtotal: DecimalString;
  tax_rate: DecimalString;
  tax_amount: DecimalString;
  fees: DecimalString;
  discount: DecimalString;
  total: DecimalString;
  paid_at: Timestamp | null;
  payment_method: string | null;
  refund_amount: DecimalString | null;
  refund_reason: string | null;
  pdf: PendingInvoicePdf | null;
}

export type PendingInvoiceCreate = {
  service_id: string;
  due_date: CalendarDate;
  notes?: string;
  discount?: DecimalString;
};

export type PendingInvoiceQuery = PageQuery & {
  status?: PendingInvoiceStatus;
  customer_id?: string;
  issued_after?: CalendarDate;
  issued_before?: CalendarDate;
  overdue?: boolean;
  search?: string;
};

export interface PendingRevenueMonth {
  /** `YYYY-MM`. */
  month: string;
  amount: DecimalString;
}

export interface PendingInvoiceStatistics {
  by_status: Record<PendingInvoiceStatus, PendingInvoiceTotals>;
  revenue: DecimalString;
  outstanding: PendingInvoiceTotals;
  overdue: PendingInvoiceTotals;
  this_month: { issued: PendingInvoiceTotals; paid: PendingInvoiceTotals };
  /** Paid minus refunds, by month, oldest first. */
  revenue_by_month?: PendingRevenueMonth[];
}

export interface PendingDownloadUrl {
  url: string;
  expires_at: Timestamp;
}

// ---- Notifications -----------------------------------------------------------------

export type PendingNotificationType = 'service_reminder' | 'service_update' | 'invoice' | 'general';

export interface PendingNotification {
  id: string;
  customer_id: string;
  title: string;
  message: string;
  notification_type: PendingNotificationType;
  is_read: boolean;
  created_at: Timestamp;
  related: { kind: string; id: string } | null;
}

export type PendingNotificationQuery = PageQuery & {
  customer_id?: string;
  is_read?: boolean;
  notification_type?: PendingNotificationType;
};

export type PendingNotificationCreate = {
  customer_id?: string;
  title: string;
  message: string;
};

// ---- The routes, in the shape openapi-typescript gives the generated ones ----------

type Json<T> = { headers: Record<string, unknown>; content: { 'application/json': T } };
type NoContent = { headers: Record<string, unknown>; content?: never };
type Id = { id: string };

/** An operation: its query, path parameters, JSON body (never: none) and success answer. */
type Op<Response, Query = never, Path = never, Body = never, Status extends number = 200> = {
  parameters: { query?: Query; header?: never; path: Path; cookie?: never };
  responses: { [S in Status]: [Response] extends [void] ? NoContent : Json<Response> };
} & ([Body] extends [never] ? { requestBody?: never } : { requestBody: { content: { 'application/json': Body } } });

/** A route of the contract that the OpenAPI document does not describe yet. */
export interface PendingPaths {
  '/api/customers/{id}/service_history': { get: Op<PendingPage<PendingService>, PageQuery, Id> };
  '/api/customers/{id}/cars': { get: Op<PendingPage<PendingCar>, PageQuery, Id> };

  '/api/cars': {
    get: Op<PendingPage<PendingCar>, PendingCarQuery>;
    post: Op<PendingCar, never, never, PendingCarCreate, 201>;
  };
  '/api/cars/{id}': {
    get: Op<PendingCar, never, Id>;
    patch: Op<PendingCar, never, Id, PendingCarPatch>;
    delete: Op<void, never, Id, never, 204>;
  };
  '/api/cars/{id}/services': { get: Op<PendingPage<PendingService>, PageQuery, Id> };
  '/api/cars/{id}/statistics': { get: Op<PendingCarStatistics, never, Id> };
  '/api/cars/{id}/report_mileage': { post: Op<PendingCar, never, Id, { mileage: number }> };
  '/api/cars/{id}/mileage_history': { get: Op<PendingPage<PendingMileageReading>, PageQuery, Id> };
  '/api/cars/{id}/next_service_prediction': { get: Op<PendingServicePrediction, never, Id> };
  '/api/cars/bulk_create': {
    post: Op<PendingBulkReport<PendingCar>, never, never, PendingCarCreate[]>;
  };
  '/api/cars/export': { get: Op<string> };

  '/api/services': {
    get: Op<PendingPage<PendingService>, PendingServiceQuery>;
    post: Op<PendingService, never, never, PendingServiceCreate, 201>;
  };
  '/api/services/statistics': { get: Op<PendingServiceStatistics> };
  '/api/services/{id}': {
    get: Op<PendingService, never, Id>;
    delete: Op<void, never, Id, never, 204>;
  };
  '/api/services/{id}/items': {
    get: Op<PendingItemList, never, Id>;
    post: Op<PendingService, never, Id, PendingItemCreate, 201>;
  };
  '/api/services/{id}/items/{item_id}': {
    patch: Op<PendingService, never, Id & { item_id: string }, PendingItemPatch>;
    delete: Op<PendingService, never, Id & { item_id: string }>;
  };
  '/api/services/{id}/invoice': { get: Op<PendingInvoice, never, Id> };
  '/api/services/{id}/start': { post: Op<PendingService, never, Id, Record<string, never>> };
  '/api/services/{id}/complete': { post: Op<PendingService, never, Id, PendingCompletion> };
  '/api/services/{id}/cancel': { post: Op<PendingService, never, Id, { reason: string }> };
  '/api/services/{id}/reschedule': {
    post: Op<PendingService, never, Id, { scheduled_date: CalendarDate }>;
  };
  '/api/services/{id}/send_notification': {
    post: Op<
      { push_event_id: string | null; sms_message_id: string | null },
      never,
      Id,
      { message?: string; channels: PendingChannel[] }
    >;
  };

  '/api/invoices': {
    get: Op<PendingPage<PendingInvoice>, PendingInvoiceQuery>;
    post: Op<PendingInvoice, never, never, PendingInvoiceCreate, 201>;
  };
  '/api/invoices/statistics': { get: Op<PendingInvoiceStatistics> };
  '/api/invoices/{id}': {
    get: Op<PendingInvoice, never, Id>;
    delete: Op<void, never, Id, never, 204>;
  };
  '/api/invoices/{id}/issue': { post: Op<PendingInvoice, never, Id, Record<string, never>> };
  '/api/invoices/{id}/mark_as_paid': {
    post: Op<PendingInvoice, never, Id, { payment_method: string; paid_at?: Timestamp }>;
  };
  '/api/invoices/{id}/cancel': { post: Op<PendingInvoice, never, Id, Record<string, never>> };
  '/api/invoices/{id}/refund': {
    post: Op<PendingInvoice, never, Id, { amount: DecimalString; reason: string }>;
  };
  '/api/invoices/{id}/upload_pdf': { post: Op<PendingInvoice, never, Id> };
  '/api/invoices/{id}/generate_pdf': { post: Op<PendingInvoice, never, Id, Record<string, never>> };
  '/api/invoices/{id}/download': {
    get: Op<PendingDownloadUrl, { redirect?: boolean }, Id>;
  };

  '/api/notifications': {
    get: Op<PendingPage<PendingNotification>, PendingNotificationQuery>;
    post: Op<unknown, never, never, PendingNotificationCreate, 201>;
  };
  '/api/notifications/{id}/mark_read': {
    patch: Op<PendingNotification, never, Id, Record<string, never>>;
  };
  '/api/notifications/mark_all_read': {
    patch: Op<{ count: number }, never, never, Record<string, never>>;
  };
  '/api/notifications/unread_count': { get: Op<{ count: number }> };
}
