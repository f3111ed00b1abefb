import { describe, expect, it } from 'vitest';
import { testService } from '../../test/fixtures';
import { groupByStatus } from './board';
import { serviceActions } from './serviceActions';

describe('groupByStatus', () => {
  it('puts each service in its status column, by scheduled date then id', () => {
    const services = [
      testService({ id: 'b', status: 'scheduled', scheduled_date: '2026-03-12' }),
      testService({ id: 'c', status: 'completed', scheduled_date: '2026-03-01' }),
      testService({ id: 'a', status: 'scheduled', scheduled_date: '2026-03-12' }),
      testService({ id: 'd', status: 'scheduled', scheduled_date: '2026-03-02' }),
      testService({ id: 'e', status: 'in_progress' }),
    ];

    const columns = groupByStatus(services);

    expect(columns.scheduled.map((s) => s.id)).toEqual(['d', 'a', 'b']);
    expect(columns.in_progress.map((s) => s.id)).toEqual(['e']);
    expect(columns.completed.map((s) => s.id)).toEqual(['c']);
    expect(columns.cancelled).toEqual([]);
  });
});

describe('serviceActions', () => {
  it('follows the state machine: nothing changes a completed service', () => {
    expect(serviceActions('scheduled')).toEqual(['start', 'complete', 'reschedule', 'cancel', 'delete']);
    expect(serviceActions('in_progress')).toEqual(['complete', 'reschedule', 'cancel']);
    expect(serviceActions('completed')).toEqual([]);
    expect(serviceActions('cancelled')).toEqual(['delete']);
  });
});
