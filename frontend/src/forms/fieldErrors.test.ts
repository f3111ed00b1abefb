import type { FormInstance } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import { applyFieldErrors, fieldPath, mapFieldErrors } from './fieldErrors';

describe('fieldPath', () => {
  it('splits nested and indexed field names', () => {
    expect(fieldPath('phone')).toEqual(['phone']);
    expect(fieldPath('items[0].unit_price')).toEqual(['items', 0, 'unit_price']);
    expect(fieldPath('items.2.name')).toEqual(['items', 2, 'name']);
  });
});

describe('mapFieldErrors', () => {
  it('groups messages per field and keeps errors for fields the form lacks', () => {
    const mapped = mapFieldErrors(
      [
        { field: 'email', message: 'invalid' },
        { field: 'email', message: 'already taken' },
        { field: 'items[1].quantity', message: 'must be > 0' },
        { field: 'version', message: 'stale' },
        { field: '', message: 'body too large' },
      ],
      ['email', 'items'],
    );

    expect(mapped.fields).toEqual([
      { name: ['email'], errors: ['invalid', 'already taken'] },
      { name: ['items', 1, 'quantity'], errors: ['must be > 0'] },
    ]);
    expect(mapped.unmatched).toEqual(['version: stale', 'body too large']);
  });
});

describe('applyFieldErrors', () => {
  it('sets the errors on the form fields and returns the rest', () => {
    const setFields = vi.fn();
    const form = { setFields } as unknown as FormInstance;
    const error = new ApiError(400, {
      errors: [
        { field: 'phone', message: 'not an E.164 number' },
        { field: 'role', message: 'unknown field' },
      ],
    });

    const rest = applyFieldErrors(form, error, ['phone', 'email']);

    expect(setFields).toHaveBeenCalledWith([{ name: ['phone'], errors: ['not an E.164 number'] }]);
    expect(rest).toEqual(['role: unknown field']);
  });
});
