// ROUTES NOT IN THE OPENAPI DOCUMENT YET.
//
// Written by hand from shared/API.md for the routes that shared/openapi.json does not
// describe yet (cars, and the customer routes about cars and services, are being built
// on other branches). When a route lands in the document, `npm run gen:api` adds it to
// schema.d.ts and the compiler fails on `Overlap` in ./paths.ts until its entry here
// is deleted; `types.ts` then re-exports the generated schema instead of the type here.
// Nothing else in the app imports this file.

import type { components } from './schema';

/** A service, as the document describes it (the pending car routes list them). */
type PendingService = components['schemas']['Service'];

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
}
