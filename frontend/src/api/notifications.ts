import { api } from './client';
import type { Device, Notification, NotificationCreate, NotificationQuery, Page } from './types';

/** How many of the logged-in customer's notifications are unread. */
export async function fetchUnreadCount(signal?: AbortSignal): Promise<number> {
  const { count } = await api.get('/api/notifications/unread_count', { signal });
  return count;
}

/** One page of notifications, newest first (a customer: their own; staff: all). */
export function listNotifications(params: NotificationQuery, signal?: AbortSignal): Promise<Page<Notification>> {
  return api.get('/api/notifications', { query: params, signal });
}

/** Marks one of the customer's notifications read. */
export function markNotificationRead(id: string): Promise<Notification> {
  return api.patch('/api/notifications/{id}/mark_read', { path: { id } });
}

/** Marks all of the customer's notifications read; answers how many changed. */
export async function markAllNotificationsRead(): Promise<number> {
  const { count } = await api.patch('/api/notifications/mark_all_read');
  return count;
}

/** Sends a `general` notification to one customer, or to all with `all_customers` (staff). */
export async function sendNotification(body: NotificationCreate): Promise<void> {
  await api.post('/api/notifications', { body });
}

/** The logged-in customer's phones registered for push notifications, newest first. */
export function listDevices(signal?: AbortSignal): Promise<Device[]> {
  return api.get('/api/notifications/devices', { signal });
}

/** Removes one of the customer's phones: it gets no more of their notifications. */
export async function removeDevice(id: string): Promise<void> {
  await api.delete('/api/notifications/devices/{id}', { path: { id } });
}
