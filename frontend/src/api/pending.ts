// ROUTES NOT IN THE OPENAPI DOCUMENT YET.
//
// Written by hand from shared/API.md for the routes that shared/openapi.json does not
// describe yet: the service lists of a customer and of a car, which answer pages shaped
// as those of `GET /api/services`. When a route lands in the document, `npm run gen:api`
// adds it to schema.d.ts and the compiler fails on `Overlap` in ./paths.ts until its
// entry here is deleted. Nothing else in the app imports this file.

import type { operations } from './schema';

/** What `GET /api/services` answers: a page of services. */
type ServicePage = operations['services_list_services']['responses'][200];

/** Parameters every list accepts. */
type PageQuery = { limit?: number; cursor?: string };

/** A list of services under `{id}`, answered as `GET /api/services` answers. */
type ServiceListOp = {
  parameters: { query?: PageQuery; header?: never; path: { id: string }; cookie?: never };
  requestBody?: never;
  responses: { 200: ServicePage };
};

/** A route of the contract that the OpenAPI document does not describe yet. */
export interface PendingPaths {
  /** Services on all the customer's cars, newest first. */
  '/api/customers/{id}/service_history': { get: ServiceListOp };
  /** The services of a car. */
  '/api/cars/{id}/services': { get: ServiceListOp };
}
