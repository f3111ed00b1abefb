import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDay } from './date';
import { formatMoney } from './money';

// Intl separates groups and units with (narrow) no-break spaces; compare on plain ones.
// In Arabic it also adds invisible direction marks (RLM, LRM) around amounts and dates.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').replace(/[\u200e\u200f]/g, '');
// Arabic-Indic (٠١٢…) and Eastern Arabic-Indic (۰۱۲…) digits: Tunisian documents use neither.
const ARABIC_INDIC_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/;

describe('formatMoney', () => {
  it('formats TND with 3 decimals in French and English', () => {
    expect(plain(formatMoney('1234567.450', 'fr'))).toBe('1 234 567,450 TND');
    expect(plain(formatMoney('1234567.450', 'en'))).toBe('TND 1,234,567.450');
  });

  it('formats 1234.5 TND with 3 decimals in each language, in Latin digits in Arabic', () => {
    expect(plain(formatMoney('1234.5', 'fr'))).toBe('1 234,500 TND');
    expect(plain(formatMoney('1234.5', 'en'))).toBe('TND 1,234.500');
    // Tunisian usage: a point between thousands, a comma before the millimes, "د.ت." for the dinar.
    expect(plain(formatMoney('1234.5', 'ar'))).toBe('1.234,500 د.ت.');
    expect(formatMoney('1234.5', 'ar')).not.toMatch(ARABIC_INDIC_DIGITS);
    expect(plain(formatMoney('-0.5', 'ar'))).toBe('-0,500 د.ت.');
  });

  it('pads to the currency minor units and handles negatives and zero', () => {
    expect(plain(formatMoney('12', 'fr'))).toBe('12,000 TND');
    expect(plain(formatMoney('-0.5', 'en'))).toBe('-TND 0.500');
    expect(plain(formatMoney('0.000', 'fr'))).toBe('0,000 TND');
  });

  it('keeps every digit of amounts a float could not hold', () => {
    expect(plain(formatMoney('12345678901234567.891', 'en'))).toBe('TND 12,345,678,901,234,567.891');
    expect(plain(formatMoney('0.1', 'fr'))).toBe('0,100 TND');
    expect(plain(formatMoney('12345678901234567.891', 'ar'))).toBe('12.345.678.901.234.567,891 د.ت.');
  });

  it('follows another currency when given one', () => {
    expect(plain(formatMoney('10.5', 'fr', { code: 'EUR', fractionDigits: 2 }))).toBe('10,50 €');
  });

  it('shows a value that is not a decimal unchanged rather than as NaN', () => {
    expect(formatMoney('12,5', 'fr')).toBe('12,5');
    expect(formatMoney('', 'en')).toBe('');
  });
});

describe('formatDate', () => {
  it('formats a calendar date in French, English and Arabic', () => {
    expect(formatDate('2026-03-05', 'fr')).toBe('5 mars 2026');
    expect(formatDate('2026-03-05', 'en')).toBe('5 Mar 2026');
    expect(plain(formatDate('2026-03-05', 'ar'))).toBe('05/03/2026');
    expect(formatDate('2026-03-05', 'ar')).not.toMatch(ARABIC_INDIC_DIGITS);
  });

  it('never moves a date to the day before, whatever the time zone', () => {
    const saved = process.env.TZ;
    // Node applies a change of TZ at once; west of UTC, local midnight is the day before in UTC.
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(new Date(2026, 0, 1).getTimezoneOffset()).toBeGreaterThan(0);
      expect(formatDate('2026-01-01', 'en')).toBe('1 Jan 2026');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('shows a malformed date unchanged', () => {
    expect(formatDate('05/03/2026', 'fr')).toBe('05/03/2026');
  });
});

describe('formatDateTime', () => {
  it("shows a UTC timestamp in the garage's time zone", () => {
    expect(plain(formatDateTime('2026-03-05T13:07:00Z', 'fr'))).toBe('5 mars 2026, 14:07');
    expect(plain(formatDateTime('2026-03-05T13:07:00Z', 'en'))).toBe('5 Mar 2026, 14:07');
    // A 24-hour clock in Arabic too (CLDR would write 2:07 م), with the Arabic comma.
    expect(plain(formatDateTime('2026-03-05T13:07:00Z', 'ar'))).toBe('05/03/2026، 14:07');
  });

  it('crosses midnight with the time zone', () => {
    expect(plain(formatDateTime('2026-03-05T23:30:00Z', 'en'))).toBe('6 Mar 2026, 00:30');
  });
});

describe('formatDay', () => {
  it("names the day of an instant in the garage's time zone", () => {
    expect(plain(formatDay(Date.parse('2026-03-05T13:07:00Z'), 'fr'))).toBe('5 mars 2026');
    expect(plain(formatDay(Date.parse('2026-03-05T23:30:00Z'), 'en'))).toBe('6 Mar 2026');
    expect(plain(formatDay(Date.parse('2026-03-05T23:30:00Z'), 'ar'))).toBe('06/03/2026');
  });
});
