import { describe, expect, it } from 'vitest';
import { ALL_ROLES, homePath } from '../auth/roles';
import { navItemsFor, selectedNavPath } from './navigation';

describe('selectedNavPath', () => {
  it('selects the most specific entry the path is under', () => {
    const items = navItemsFor('admin');
    expect(selectedNavPath('/appointments', items)).toBe('/appointments');
    expect(selectedNavPath('/appointments/01JP3T2V4W6X8Y0Z2A4B6C8D0E', items)).toBe('/appointments');
    expect(selectedNavPath('/appointments/today', items)).toBe('/appointments/today');
    expect(selectedNavPath('/appointments/schedule', items)).toBe('/appointments/schedule');
    expect(selectedNavPath('/appointments/requests/01JP3T2V4W6X8Y0Z2A4B6C8D0E', items)).toBe('/appointments/requests');
    expect(selectedNavPath('/appointmentsX', items)).toBeUndefined();
    expect(selectedNavPath('/cars/pending', items)).toBe('/cars/pending');
    expect(selectedNavPath('/cars/01JP3T2V4W6X8Y0Z2A4B6C8D0E', items)).toBe('/cars');
    expect(selectedNavPath('/cars/pending', navItemsFor('customer'))).toBe('/cars');
    expect(selectedNavPath('/my-appointments', navItemsFor('customer'))).toBe('/my-appointments');
    expect(selectedNavPath('/my-requests', navItemsFor('customer'))).toBe('/my-requests');
  });

  it("lists the audit log in admins' menu only", () => {
    expect(navItemsFor('admin').map((item) => item.path)).toContain('/audit');
    expect(navItemsFor('staff').map((item) => item.path)).not.toContain('/audit');
    expect(navItemsFor('customer').map((item) => item.path)).not.toContain('/audit');
  });

  it("gives a technician their jobs only, and staff the workshop's load", () => {
    expect(navItemsFor('technician').map((item) => item.path)).toEqual(['/my-jobs']);
    expect(navItemsFor('staff').map((item) => item.path)).toContain('/workload');
    expect(navItemsFor('admin').map((item) => item.path)).toContain('/workload');
    expect(navItemsFor('customer').map((item) => item.path)).not.toContain('/workload');
  });

  it("lists the technicians' hours next to the workload, for staff and admins", () => {
    for (const role of ['admin', 'staff'] as const) {
      const paths = navItemsFor(role).map((item) => item.path);
      expect(paths.indexOf('/hours'), role).toBe(paths.indexOf('/workload') + 1);
    }
    expect(navItemsFor('customer').map((item) => item.path)).not.toContain('/hours');
    expect(navItemsFor('technician').map((item) => item.path)).not.toContain('/hours');
    for (const role of ['admin', 'staff', 'customer'] as const) {
      expect(navItemsFor(role).map((item) => item.path)).not.toContain('/my-jobs');
    }
  });

  it('lands every role on a screen of its own menu', () => {
    expect([...ALL_ROLES].sort()).toEqual(['admin', 'customer', 'staff', 'technician']);
    for (const role of ALL_ROLES) {
      expect(navItemsFor(role).map((item) => item.path), role).toContain(homePath(role));
    }
    expect(homePath('technician')).toBe('/my-jobs');
  });
});
