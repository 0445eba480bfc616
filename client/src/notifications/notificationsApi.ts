import type {
  EmailMode,
  MarkNotificationsReadRequest,
  MarkNotificationsReadResponse,
  NotificationListResponse,
  NotificationPreferencesResponse,
  UpdateNotificationPreferencesRequest,
} from '@accord/shared';
import { apiRequest } from '../api/apiClient.ts';

/** The signed-in person's notifications (routes in `shared/src/notifications.ts`): always their own. */
const BASE = '/api/notifications';

/** Newest first; `before`: only those strictly older (the last item's `at`, to page on). */
export function fetchNotifications(
  page: { limit?: number; before?: number; beforeId?: string } = {},
): Promise<NotificationListResponse> {
  const query = new URLSearchParams();
  if (page.limit !== undefined) query.set('limit', String(page.limit));
  if (page.before !== undefined) query.set('before', String(page.before));
  if (page.beforeId !== undefined) query.set('beforeId', page.beforeId);
  const search = query.toString();
  return apiRequest<NotificationListResponse>('GET', search === '' ? BASE : `${BASE}?${search}`);
}

/** Marks these ids read, or all up to and including `upTo`; answers with the unread count after. */
export function markNotificationsRead(request: MarkNotificationsReadRequest): Promise<MarkNotificationsReadResponse> {
  return apiRequest<MarkNotificationsReadResponse>('POST', `${BASE}/read`, request);
}

export function fetchNotificationPreferences(): Promise<NotificationPreferencesResponse> {
  return apiRequest<NotificationPreferencesResponse>('GET', `${BASE}/preferences`);
}

export function saveNotificationPreferences(email: EmailMode): Promise<NotificationPreferencesResponse> {
  const body: UpdateNotificationPreferencesRequest = { email };
  return apiRequest<NotificationPreferencesResponse>('PUT', `${BASE}/preferences`, body);
}

/** What `NotificationStore` needs of the API (a fake one in tests). */
export interface NotificationsApi {
  fetchNotifications(page: { limit: number; before?: number; beforeId?: string }): Promise<NotificationListResponse>;
  markNotificationsRead(request: MarkNotificationsReadRequest): Promise<MarkNotificationsReadResponse>;
}

export const notificationsApi: NotificationsApi = { fetchNotifications, markNotificationsRead };
