import { api, apiFetch } from './client';
import type { AuditAction, AuditEntityKind, AuditFields, AuditQuery, AuditRecord, Page, PageParams } from './types';

/** Every audited action, in the order the filter lists them (the compiler checks that none is missing). */
const ACTIONS = {
  user_created: 0,
  user_updated: 1,
  user_role_changed: 2,
  user_deactivated: 3,
  user_reactivated: 4,
  user_deleted: 5,
  password_changed: 6,
  password_reset: 7,
  admin_login: 8,
  admin_login_failed: 9,
  invoice_issued: 10,
  invoice_paid: 11,
  invoice_cancelled: 12,
  invoice_refunded: 13,
  customer_updated: 14,
  customer_deleted: 15,
  schedule_updated: 16,
  service_items_changed: 17,
  service_deleted: 18,
  car_deleted: 19,
  data_imported: 20,
  data_exported: 21,
} as const satisfies Record<AuditAction, number>;

/** Every audited action. */
export const AUDIT_ACTIONS = Object.keys(ACTIONS) as AuditAction[];

/** Every kind of thing an action may be on. */
export const AUDIT_ENTITY_KINDS: readonly AuditEntityKind[] = [
  'user',
  'invoice',
  'customer',
  'schedule',
  'service',
  'car',
  'data',
];

/** The filters as query parameters: the empty ones left out. */
function filterQuery(filters: AuditQuery): AuditQuery {
  return {
    user: filters.user || undefined,
    entity_kind: filters.entity_kind,
    entity_id: filters.entity_id || undefined,
    action: filters.action,
    from: filters.from || undefined,
    to: filters.to || undefined,
  };
}

/** One page of the audit log, newest first (admins). */
export function listAuditRecords(
  filters: AuditQuery,
  params: PageParams,
  signal?: AbortSignal,
): Promise<Page<AuditRecord>> {
  return api.get('/api/audit', {
    query: { ...filterQuery(filters), limit: params.limit, cursor: params.cursor ?? undefined },
    signal,
  });
}

/** The records the filters keep, as CSV (admins). */
export async function exportAuditCsv(filters: AuditQuery): Promise<Blob> {
  const response = await apiFetch('/api/audit/export', { query: filterQuery(filters), headers: { Accept: 'text/csv' } });
  return response.blob();
}

/** One page of what was changed on a customer's profile, newest first (staff). */
export function fetchCustomerChangeHistory(
  id: string,
  params: PageParams,
  signal?: AbortSignal,
): Promise<Page<AuditRecord>> {
  return api.get('/api/customers/{id}/history', {
    path: { id },
    query: { limit: params.limit, cursor: params.cursor ?? undefined },
    signal,
  });
}

/** One changed field of a record: its value before and after (null where a side has none). */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

function asFields(value: unknown): AuditFields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as AuditFields) : {};
}

/**
 * The fields a record changed, in the order the record gives them. A creation has only
 * `after` and a deletion only `before`: the other side reads null.
 */
export function fieldChanges(record: Pick<AuditRecord, 'before' | 'after'>): FieldChange[] {
  const before = asFields(record.before);
  const after = asFields(record.after);
  const fields = [...Object.keys(before), ...Object.keys(after).filter((field) => !Object.hasOwn(before, field))];
  return fields.map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}
