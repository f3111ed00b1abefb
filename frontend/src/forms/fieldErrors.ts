import type { FormInstance } from 'antd';
import type { ApiError } from '../api/errors';
import type { FieldError } from '../api/types';

/** A path into form values, as Ant Design's `NamePath`: `items[0].name` → `['items', 0, 'name']`. */
export type FieldPath = (string | number)[];

/** The errors of one form field, in the shape `form.setFields` takes. */
export interface FormFieldErrors {
  name: FieldPath;
  errors: string[];
}

/** Field errors split into those a form can show on a field and the rest. */
export interface MappedFieldErrors {
  fields: FormFieldErrors[];
  /** Messages for no field the form shows (a whole-body error, an unexpected field). */
  unmatched: string[];
}

/** Splits an API field name (`items[0].name` or `items.0.name`) into a path. */
export function fieldPath(field: string): FieldPath {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((segment) => segment !== '')
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/**
 * Groups a problem's field errors by form field. An error whose top-level field is
 * not among `formFields` goes to `unmatched`, so that no message is silently lost.
 */
export function mapFieldErrors(
  errors: readonly FieldError[],
  formFields: readonly string[],
): MappedFieldErrors {
  const byField = new Map<string, FormFieldErrors>();
  const unmatched: string[] = [];
  for (const { field, message } of errors) {
    const path = fieldPath(field);
    const top = path[0];
    if (typeof top !== 'string' || !formFields.includes(top)) {
      unmatched.push(field === '' ? message : `${field}: ${message}`);
      continue;
    }
    const key = path.join('.');
    const entry = byField.get(key) ?? { name: path, errors: [] };
    entry.errors.push(message);
    byField.set(key, entry);
  }
  return { fields: [...byField.values()], unmatched };
}

/**
 * Shows an API error's field errors on the form's fields and returns the messages
 * that belong to no field, for the caller to show above the form.
 */
export function applyFieldErrors(
  form: FormInstance,
  error: ApiError,
  formFields: readonly string[],
): string[] {
  const { fields, unmatched } = mapFieldErrors(error.fieldErrors, formFields);
  form.setFields(fields);
  return unmatched;
}
