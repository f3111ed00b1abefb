import { describe, expect, it } from 'vitest';
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
});
