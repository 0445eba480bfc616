import type { NotificationView } from '@accord/shared';
import { useEffect, useSyncExternalStore } from 'react';
import type { LiveListStatus } from '../app/liveListStore.ts';
import { subscribeOpenSessionEvents } from '../collab/openSessions.ts';
import { followNotifications, type MoreState, NotificationStore } from './notificationStore.ts';

/**
 * One store for the signed-in person, kept across pages: each page draws its own header, and
 * the bell in it finds the list, the count and a mark still under way where the last page left
 * them. Another person signing in gets a store of their own.
 */
let current: NotificationStore | null = null;

export function notificationStoreFor(personId: string): NotificationStore {
  if (current === null || current.personId !== personId) current = new NotificationStore(personId);
  return current;
}

/** How many bells follow each store; the last one to go stops following. */
const following = new Map<NotificationStore, { count: number; stop: () => void }>();

function follow(store: NotificationStore): () => void {
  let entry = following.get(store);
  if (entry === undefined) {
    const stop = followNotifications(store, {
      subscribeEvents: subscribeOpenSessionEvents,
      window,
      isVisible: () => document.visibilityState === 'visible',
    });
    entry = { count: 0, stop };
    following.set(store, entry);
  }
  entry.count += 1;
  const held = entry;
  return () => {
    held.count -= 1;
    if (held.count === 0) {
      held.stop();
      following.delete(store);
    }
  };
}

/** The signed-in person's notification store, followed live while the component is mounted. */
export function useNotificationStore(personId: string): NotificationStore {
  const store = notificationStoreFor(personId);
  useEffect(() => follow(store), [store]);
  return store;
}

// Every hook gives React a server snapshot too (the same): components render as markup in tests.

export function useNotifications(store: NotificationStore): readonly NotificationView[] {
  return useSyncExternalStore(store.subscribe, store.getAll, store.getAll);
}

export function useUnreadCount(store: NotificationStore): number {
  return useSyncExternalStore(store.subscribe, store.getUnreadCount, store.getUnreadCount);
}

export function useNotificationsStatus(store: NotificationStore): LiveListStatus {
  return useSyncExternalStore(store.subscribe, store.getStatus, store.getStatus);
}

export function useNotificationsError(store: NotificationStore): unknown {
  return useSyncExternalStore(store.subscribe, store.getError, store.getError);
}

export function useHasMore(store: NotificationStore): boolean {
  return useSyncExternalStore(store.subscribe, store.getHasMore, store.getHasMore);
}

export function useMoreState(store: NotificationStore): MoreState {
  return useSyncExternalStore(store.subscribe, store.getMoreState, store.getMoreState);
}

export function useMoreError(store: NotificationStore): unknown {
  return useSyncExternalStore(store.subscribe, store.getMoreError, store.getMoreError);
}
