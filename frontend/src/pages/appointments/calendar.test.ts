import { describe, expect, it } from 'vitest';
import { testAppointment, testSchedule, testService } from '../../test/fixtures';
import { appointmentActions } from './appointmentActions';
import { appointmentsByCell, calendarRows, cellKey, daysFrom, slotTimes } from './calendar';
import { todayColumns } from './todayBoard';

describe('calendar', () => {
  it('draws the slots of a day from its opening periods, none on a closed day', () => {
    const schedule = testSchedule({ slot_minutes: 90 });
    // 08:00–12:00 holds two 90-minute slots (the third would end after closing).
    expect(slotTimes(schedule, '2026-03-11')).toEqual(['08:00', '09:30', '14:00', '15:30']);
    expect(slotTimes(schedule, '2026-03-15')).toEqual([]); // a Sunday
    expect(slotTimes(schedule, '2026-03-20')).toEqual([]); // a closed day
  });

  it('has a row per slot time and for any appointment off the slots, each in its cell', () => {
    const schedule = testSchedule({ opening_hours: { ...testSchedule().opening_hours, saturday: [{ open: '07:30', close: '08:30' }] } });
    // 12:15 in Tunis, booked before the hours changed.
    const odd = testAppointment({ id: 'a2', starts_at: '2026-03-12T11:15:00Z', ends_at: '2026-03-12T12:15:00Z' });
    const days = daysFrom('2026-03-09', 7);
    const rows = calendarRows(days, schedule, [testAppointment(), odd], 'Africa/Tunis');
    expect(rows).toEqual(['07:30', '08:00', '09:00', '10:00', '11:00', '12:15', '14:00', '15:00', '16:00', '17:00']);
    const cells = appointmentsByCell([testAppointment(), odd], 'Africa/Tunis');
    expect(cells.get(cellKey('2026-03-11', '09:00'))?.map((a) => a.id)).toEqual(['a1']);
    expect(cells.get(cellKey('2026-03-12', '12:15'))?.map((a) => a.id)).toEqual(['a2']);
  });

  it('offers the actions the workflow allows, to staff and to the owner', () => {
    const before = Date.parse('2026-03-11T07:00:00Z');
    const after = Date.parse('2026-03-11T08:30:00Z');
    const requested = testAppointment();
    const confirmed = testAppointment({ status: 'confirmed' });
    expect(appointmentActions(requested, true, before)).toEqual(['confirm', 'decline', 'reschedule', 'cancel']);
    expect(appointmentActions(confirmed, true, before)).toEqual(['check_in', 'reschedule', 'cancel']);
    expect(appointmentActions(confirmed, true, after)).toEqual(['check_in', 'no_show', 'reschedule', 'cancel']);
    expect(appointmentActions(testAppointment({ status: 'checked_in' }), true, before)).toEqual([]);
    expect(appointmentActions(confirmed, false, before)).toEqual(['reschedule', 'cancel']);
    expect(appointmentActions(confirmed, false, after)).toEqual([]);
    expect(appointmentActions(testAppointment({ status: 'declined' }), false, before)).toEqual([]);
  });
});

describe('the day board', () => {
  it('puts each appointment in the column of its status or of its service', () => {
    const board = todayColumns(
      [
        testAppointment({ id: 'late', status: 'confirmed', starts_at: '2026-03-11T10:00:00Z' }),
        testAppointment({ id: 'early', status: 'requested', starts_at: '2026-03-11T07:00:00Z' }),
        testAppointment({ id: 'arrived', status: 'checked_in', service_id: 's1' }),
        testAppointment({ id: 'unknown', status: 'checked_in', service_id: 's9' }),
        testAppointment({ id: 'working', status: 'checked_in', service_id: 's2' }),
        testAppointment({ id: 'finished', status: 'checked_in', service_id: 's3' }),
        testAppointment({ id: 'dropped', status: 'checked_in', service_id: 's4' }),
        testAppointment({ id: 'gone', status: 'cancelled' }),
        testAppointment({ id: 'missed', status: 'no_show' }),
      ],
      new Map([
        ['s1', testService({ id: 's1', status: 'scheduled' })],
        ['s2', testService({ id: 's2', status: 'in_progress' })],
        ['s3', testService({ id: 's3', status: 'completed' })],
        ['s4', testService({ id: 's4', status: 'cancelled' })],
      ]),
    );
    const ids = (column: keyof typeof board) => board[column].map((a) => a.id);
    expect(ids('booked')).toEqual(['early', 'late']);
    expect(ids('checked_in')).toEqual(['arrived', 'unknown']);
    expect(ids('in_progress')).toEqual(['working']);
    expect(ids('done')).toEqual(['finished']);
  });
});
