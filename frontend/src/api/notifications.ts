import { apiRequest } from './client';
import type { UnreadCount } from './types';

/** How many of the logged-in customer's notifications are unread. */
export async function fetchUnreadCount(signal?: AbortSignal): Promise<number> {
  const { count } = await apiRequest<UnreadCount>('/notifications/unread_count/', { signal });
  return count;
}
