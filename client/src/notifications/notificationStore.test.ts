import type {
  MarkNotificationsReadRequest,
  MarkNotificationsReadResponse,
  NotificationListResponse,
  NotificationView,
} from '@accord/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '../api/apiClient.ts';
import type { SessionEvent } from '../collab/CollabSession.ts';
import { makeNotification } from '../test/notificationFactory.ts';
import { followNotifications, NotificationStore } from './notificationStore.ts';
import type { NotificationsApi } from './notificationsApi.ts';

interface Pending<Req, Res> {
  request: Req;
  resolve: (value: Res) => void;
  reject: (error: unknown) => void;
}

/** An API whose answers the test releases one by one, in any order. */
class FakeApi implements NotificationsApi {
  readonly lists: Pending<{ limit: number; before?: number }, NotificationListResponse>[] = [];
  readonly marks: Pending<MarkNotificationsReadRequest, MarkNotificationsReadResponse>[] = [];
  fetchNotifications(page: { limit: number; before?: number }): Promise<NotificationListResponse> {
    return new Promise((resolve, reject) => this.lists.push({ request: page, resolve, reject }));
  }
  markNotificationsRead(request: MarkNotificationsReadRequest): Promise<MarkNotificationsReadResponse> {
    return new Promise((resolve, reject) => this.marks.push({ request, resolve, reject }));
  }
  takeList(index = 0) {
    const [found] = this.lists.splice(index, 1);
    if (!found) throw new Error(`no pending list request at ${index}`);
    return found;
  }
  takeMark(index = 0) {
    const [found] = this.marks.splice(index, 1);
    if (!found) throw new Error(`no pending mark request at ${index}`);
    return found;
  }
}

const answer = (
  items: NotificationView[],
  unreadCount: number,
  hasMore = false,
  serverNow = 100_000,
): NotificationListResponse => ({ items, unreadCount, hasMore, serverNow });

const ids = (store: NotificationStore) => store.getAll().map((n) => n.id);
const unreadIds = (store: NotificationStore) =>
  store
    .getAll()
    .filter((n) => n.readAt === null)
    .map((n) => n.id);

/** Lets awaited answers run their continuations. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function loadedStore(items: NotificationView[], unreadCount: number, hasMore = false, pageSize = 3) {
  const api = new FakeApi();
  const store = new NotificationStore('tnc-1', api, pageSize);
  const first = store.loadAll();
  api.takeList().resolve(answer(items, unreadCount, hasMore));
  await first;
  return { api, store };
}

describe('NotificationStore', () => {
  it('lists newest first whatever the answer’s order, with the unread count of them all', async () => {
    const api = new FakeApi();
    const store = new NotificationStore('tnc-1', api, 50);
    expect(store.getStatus()).toBe('loading');
    const loading = store.loadAll();
    expect(api.lists[0]?.request).toEqual({ limit: 50 });
    api
      .takeList()
      .resolve(
        answer(
          [
            makeNotification({ id: 'a', at: 10 }),
            makeNotification({ id: 'c', at: 30, readAt: 31 }),
            makeNotification({ id: 'b', at: 30 }),
          ],
          7,
        ),
      );
    await loading;
    expect(store.getStatus()).toBe('loaded');
    // Newest first; at the same time, the id decides.
    expect(ids(store)).toEqual(['c', 'b', 'a']);
    // The count is the server's, of all (not only those loaded).
    expect(store.getUnreadCount()).toBe(7);
    expect(store.getHasMore()).toBe(false);
  });

  it('pages on after the oldest item shown (its time and id) and keeps the older pages when the newest page is fetched again', async () => {
    const { api, store } = await loadedStore(
      [
        makeNotification({ id: 'n5', at: 50 }),
        makeNotification({ id: 'n4', at: 40 }),
        makeNotification({ id: 'n3', at: 30 }),
      ],
      5,
      true,
    );
    expect(store.getHasMore()).toBe(true);
    const more = store.loadMore();
    expect(store.getMoreState()).toBe('pending');
    expect(api.lists[0]?.request).toEqual({ limit: 3, before: 30, beforeId: 'n3' });
    api.takeList().resolve(answer([makeNotification({ id: 'n2', at: 20 }), makeNotification({ id: 'n1', at: 10 })], 5));
    await more;
    expect(ids(store)).toEqual(['n5', 'n4', 'n3', 'n2', 'n1']);
    expect(store.getHasMore()).toBe(false);
    expect(store.getMoreState()).toBe('idle');

    // A new one arrives: the newest page again pushes n3 out of it, but n3 to n1 stay.
    const again = store.loadAll();
    api
      .takeList()
      .resolve(
        answer(
          [
            makeNotification({ id: 'n6', at: 60 }),
            makeNotification({ id: 'n5', at: 50 }),
            makeNotification({ id: 'n4', at: 40 }),
          ],
          6,
          true,
        ),
      );
    await again;
    expect(ids(store)).toEqual(['n6', 'n5', 'n4', 'n3', 'n2', 'n1']);
    expect(store.getUnreadCount()).toBe(6);
    // Everything older is loaded: the newest page's `hasMore` does not bring "Show more" back.
    expect(store.getHasMore()).toBe(false);
  });

  it('drops what a complete answer leaves out', async () => {
    const { api, store } = await loadedStore(
      [makeNotification({ id: 'a', at: 2 }), makeNotification({ id: 'b', at: 1 })],
      2,
    );
    const again = store.loadAll();
    api.takeList().resolve(answer([makeNotification({ id: 'a', at: 2 })], 1));
    await again;
    expect(ids(store)).toEqual(['a']);
  });

  it('a failed "Show more" says so and may be tried again', async () => {
    const { api, store } = await loadedStore([makeNotification({ id: 'a', at: 5 })], 1, true);
    const more = store.loadMore();
    api.takeList().reject(new ApiRequestError(0, 'network_error', 'offline'));
    await more;
    expect(store.getMoreState()).toBe('failed');
    expect(store.getMoreError()).toBeInstanceOf(ApiRequestError);
    expect(ids(store)).toEqual(['a']);
    const retry = store.loadMore();
    api.takeList().resolve(answer([makeNotification({ id: 'b', at: 4 })], 2, false));
    await retry;
    expect(ids(store)).toEqual(['a', 'b']);
    expect(store.getMoreState()).toBe('idle');
  });
});

describe('NotificationStore marking read, racing refetches', () => {
  it('keeps a mark answered before a refetch that started earlier, and fetches again for the count', async () => {
    const { api, store } = await loadedStore(
      [makeNotification({ id: 'a', at: 2 }), makeNotification({ id: 'b', at: 1 })],
      2,
    );
    const refetch = store.loadAll(); // Started before the mark…
    const mark = store.markRead(['a']);
    api.takeMark().resolve({ marked: 1, unreadCount: 1 });
    await mark;
    expect(unreadIds(store)).toEqual(['b']);
    expect(store.getUnreadCount()).toBe(1);

    // …answered after it, with the server's state from before the mark, and a new one.
    api
      .takeList()
      .resolve(
        answer(
          [
            makeNotification({ id: 'c', at: 3 }),
            makeNotification({ id: 'a', at: 2 }),
            makeNotification({ id: 'b', at: 1 }),
          ],
          3,
        ),
      );
    await refetch;
    expect(ids(store)).toEqual(['c', 'a', 'b']);
    expect(unreadIds(store)).toEqual(['c', 'b']); // 'a' stays read.
    expect(store.getUnreadCount()).toBe(1); // Not the stale 3…
    // …and the list is fetched once more, which counts the mark and the new one.
    await settle();
    expect(api.lists).toHaveLength(1);
    api
      .takeList()
      .resolve(
        answer(
          [
            makeNotification({ id: 'c', at: 3 }),
            makeNotification({ id: 'a', at: 2, readAt: 2_500 }),
            makeNotification({ id: 'b', at: 1 }),
          ],
          2,
        ),
      );
    await settle();
    expect(store.getUnreadCount()).toBe(2);
    expect(unreadIds(store)).toEqual(['c', 'b']);
  });

  it('takes a refetch that started after the mark was answered', async () => {
    const { api, store } = await loadedStore([makeNotification({ id: 'a', at: 2 })], 1);
    const mark = store.markRead(['a']);
    api.takeMark().resolve({ marked: 1, unreadCount: 0 });
    await mark;
    const refetch = store.loadAll();
    api
      .takeList()
      .resolve(answer([makeNotification({ id: 'b', at: 3 }), makeNotification({ id: 'a', at: 2, readAt: 9 })], 1));
    await refetch;
    expect(store.getUnreadCount()).toBe(1);
    expect(unreadIds(store)).toEqual(['b']);
    await settle();
    expect(api.lists).toHaveLength(0); // Nothing stale: no extra fetch.
  });

  it('"Mark all as read" marks up to the newest shown; what arrives meanwhile stays unread', async () => {
    const { api, store } = await loadedStore(
      [makeNotification({ id: 'b', at: 20 }), makeNotification({ id: 'a', at: 10 })],
      2,
    );
    const markAll = store.markAllRead();
    expect(api.marks[0]?.request).toMatchObject({ upTo: 20, upToId: expect.any(String) });
    // A new notification lands while the mark is on its way.
    const refetch = store.loadAll();
    api
      .takeList()
      .resolve(
        answer(
          [
            makeNotification({ id: 'c', at: 30 }),
            makeNotification({ id: 'b', at: 20 }),
            makeNotification({ id: 'a', at: 10 }),
          ],
          3,
        ),
      );
    await refetch;
    api.takeMark().resolve({ marked: 2, unreadCount: 1 });
    await markAll;
    expect(unreadIds(store)).toEqual(['c']);
    expect(store.getUnreadCount()).toBe(1);
  });

  it('a failed mark rejects and changes nothing', async () => {
    const { api, store } = await loadedStore([makeNotification({ id: 'a', at: 2 })], 1);
    const mark = store.markRead(['a']);
    api.takeMark().reject(new ApiRequestError(500, 'internal', 'boom'));
    await expect(mark).rejects.toBeInstanceOf(ApiRequestError);
    expect(unreadIds(store)).toEqual(['a']);
    expect(store.getUnreadCount()).toBe(1);
  });
});

describe('following the person’s notifications', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const event = (personIds: string[]): SessionEvent => ({ type: 'notifications.changed', personIds });

  it('hears only `notifications.changed` naming this person (and a resync)', () => {
    const store = new NotificationStore('tnc-1', new FakeApi());
    expect(store.concerns(event(['tnc-1', 'x']))).toBe(true);
    expect(store.concerns(event(['x', 'y']))).toBe(false);
    expect(store.concerns(event([]))).toBe(false);
    expect(store.concerns({ type: 'resynced' })).toBe(true);
    expect(store.concerns({ type: 'versions.changed' } as SessionEvent)).toBe(false);
  });

  it('fetches on load, on an event naming the person, on focus and every minute while visible', async () => {
    vi.useFakeTimers();
    const api = new FakeApi();
    const store = new NotificationStore('tnc-1', api);
    let emit: (event: SessionEvent) => void = () => {};
    const windowListeners = new Map<string, () => void>();
    let visible = true;
    const stop = followNotifications(store, {
      subscribeEvents: (listener) => {
        emit = listener;
        return () => {
          emit = () => {};
        };
      },
      window: {
        addEventListener: (type: string, listener: () => void) => windowListeners.set(type, listener),
        removeEventListener: (type: string) => windowListeners.delete(type),
      } as unknown as Pick<Window, 'addEventListener' | 'removeEventListener'>,
      isVisible: () => visible,
    });
    const answerAll = async () => {
      while (api.lists.length > 0) api.takeList().resolve(answer([], 0));
      await vi.advanceTimersByTimeAsync(0);
    };
    expect(api.lists).toHaveLength(1); // On load.
    await answerAll();

    emit(event(['someone-else']));
    expect(api.lists).toHaveLength(0);
    emit(event(['tnc-1']));
    expect(api.lists).toHaveLength(1);
    await answerAll();

    await vi.advanceTimersByTimeAsync(3_000);
    windowListeners.get('focus')?.();
    expect(api.lists).toHaveLength(1);
    await answerAll();

    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.lists).toHaveLength(1);
    await answerAll();
    visible = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.lists).toHaveLength(0); // A hidden tab waits for focus.

    stop();
    expect(windowListeners.size).toBe(0);
    emit(event(['tnc-1']));
    visible = true;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(api.lists).toHaveLength(0);
  });
});
