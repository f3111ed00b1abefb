import { describe, expect, it } from 'vitest';
import { addDays, formatTime, formatWeekday, todayIn, weekStart, weekdayOf, zonedDayRange, zonedInstant, zonedParts } from './zoned';

describe('zoned dates', () => {
  it("places an instant on the garage's clock, not the browser's", () => {
    // Tunis is UTC+1: 23:30 UTC is already the next day there.
    expect(zonedParts('2026-03-11T23:30:00Z', 'Africa/Tunis')).toEqual({ date: '2026-03-12', time: '00:30' });
    expect(zonedParts('2026-03-11T08:00:00Z', 'Africa/Tunis')).toEqual({ date: '2026-03-11', time: '09:00' });
    // Paris changes to summer time on 29 March 2026.
    expect(zonedParts('2026-03-30T08:00:00Z', 'Europe/Paris').time).toBe('10:00');
    expect(todayIn('Africa/Tunis', Date.parse('2026-12-31T23:15:00Z'))).toBe('2027-01-01');
  });

  it('counts calendar days and weeks from Monday', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(weekStart('2026-03-11')).toBe('2026-03-09');
    expect(weekStart('2026-03-15')).toBe('2026-03-09');
    expect(weekStart('2026-03-09')).toBe('2026-03-09');
    expect(weekdayOf('2026-03-15')).toBe('sunday');
  });

  it('writes times on the 24-hour clock and days with their weekday in each language', () => {
    expect(formatTime('2026-03-11T13:30:00Z', 'fr', 'Africa/Tunis')).toBe('14:30');
    expect(formatTime('2026-03-11T13:30:00Z', 'en', 'Africa/Tunis')).toBe('14:30');
    expect(formatTime('2026-03-11T13:30:00Z', 'ar', 'Africa/Tunis').replace(/[\u200e\u200f]/g, '')).toBe('14:30');
    expect(formatWeekday('2026-03-11', 'fr', 'long')).toBe('mercredi 11 mars 2026');
    expect(formatWeekday('2026-03-11', 'en')).toBe('Wed 11 Mar');
  });
});

describe('zonedInstant', () => {
  it("finds the instant at which the garage's clock reads a day and time", () => {
    expect(new Date(zonedInstant('2026-03-11', '00:00', 'Africa/Tunis')).toISOString()).toBe('2026-03-10T23:00:00.000Z');
    expect(new Date(zonedInstant('2026-03-11', '09:30', 'Africa/Tunis')).toISOString()).toBe('2026-03-11T08:30:00.000Z');
    // Paris: winter (UTC+1) and summer (UTC+2) time.
    expect(new Date(zonedInstant('2026-03-28', '00:00', 'Europe/Paris')).toISOString()).toBe('2026-03-27T23:00:00.000Z');
    expect(new Date(zonedInstant('2026-03-30', '00:00', 'Europe/Paris')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // 02:30 does not exist on 29 March 2026 in Paris: read on the winter clock, it is 03:30 summer time.
    expect(new Date(zonedInstant('2026-03-29', '02:30', 'Europe/Paris')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(new Date(zonedInstant('2026-03-11', '00:00', 'UTC')).toISOString()).toBe('2026-03-11T00:00:00.000Z');
  });

  it('gives the first and last instants of a range of days, the last one inclusive', () => {
    expect(zonedDayRange('2026-03-01', '2026-03-31', 'Africa/Tunis')).toEqual({
      from: '2026-02-28T23:00:00Z',
      to: '2026-03-31T22:59:59.999Z',
    });
  });
});
