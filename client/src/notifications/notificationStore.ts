import type { NotificationListResponse, NotificationView } from '@accord/shared';
import { LiveListStore } from '../app/liveListStore.ts';
import type { SessionEvent } from '../collab/CollabSession.ts';
import { type NotificationsApi, notificationsApi } from './notificationsApi.ts';

/** How many notifications a page of the list holds (the first one, and each "Show more"). */
export const NOTIFICATIONS_PAGE_SIZE = 30;

/** Newest first; the id breaks ties, so the order never depends on the answer's. */
export const newestFirst = (a: NotificationView, b: NotificationView): number =>
  b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** `idle`: nothing asked; `pending`: a "Show more" under way; `failed`: the last one failed. */
export type MoreState = 'idle' | 'pending' | 'failed';

/**
 * The signed-in person's notifications, across consultations: the newest page, kept live
 * (`loadAll` on the server's `notifications.changed` naming this person, on focus, every
 * minute), older pages added by `loadMore`, and the unread count of them all.
 *
 * Every answer takes its word by sequence number (see `LiveListStore`). Marking read is
 * monotonic (nothing marks a notification unread again), so a mark's answer counts as of when it
 * arrives: a list fetched before that and answered after it neither undoes the mark nor sets the
 * count (it fetches again, which then counts the mark and whatever arrived meanwhile).
 */
export class NotificationStore extends LiveListStore<NotificationView> {
  private unreadCount = 0;
  /** The sequence number of the request whose count `unreadCount` is. */
  private countSeq = 0;
  /** What the newest page's latest answer reached: older items loaded page by page stay. */
  private firstPage: { oldestAt: number; hasMore: boolean } | null = null;
  /** Whether items older than the oldest loaded exist (from the latest answer that reached the end of the list). */
  private hasMore = false;
  private pagedOn = false;
  private moreState: MoreState = 'idle';
  private moreError: unknown = null;
  /** Server clock minus this browser's, from the latest list answer. */
  private clockOffset = 0;
  private lastLoadStarted = 0;

  constructor(
    readonly personId: string,
    private readonly api: NotificationsApi = notificationsApi,
    private readonly pageSize = NOTIFICATIONS_PAGE_SIZE,
  ) {
    // The options call back into this store, which exists once `super` has returned.
    const self: { store: NotificationStore | null } = { store: null };
    super({
      key: (notification) => notification.id,
      compare: newestFirst,
      fetchAll: (seq) => (self.store as NotificationStore).fetchFirstPage(seq),
      retain: (notification) => (self.store as NotificationStore).isBeyondFirstPage(notification),
    });
    self.store = this;
  }

  /** An item older than what the newest page's latest answer reached (kept: loaded page by page). */
  private isBeyondFirstPage(notification: NotificationView): boolean {
    return this.firstPage?.hasMore === true && notification.at < this.firstPage.oldestAt;
  }

  readonly getUnreadCount = (): number => this.unreadCount;

  readonly getHasMore = (): boolean => this.hasMore;

  readonly getMoreState = (): MoreState => this.moreState;

  readonly getMoreError = (): unknown => this.moreError;

  /** The server's clock now, as far as this browser can tell (for "5 minutes ago", "closes in 2 hours"). */
  readonly serverNow = (): number => Date.now() + this.clockOffset;

  /** Whether an event from a consultation's realtime session concerns this person's notifications. */
  concerns(event: SessionEvent): boolean {
    if (event.type === 'resynced') return true;
    return event.type === 'notifications.changed' && event.personIds.includes(this.personId);
  }

  /** Refetches the newest page when `event` concerns this person (see `concerns`). */
  readonly onEvent = (event: SessionEvent): void => {
    if (this.concerns(event)) void this.loadAll();
  };

  /** Fetches the newest page again unless a fetch started less than `withinMs` ago. */
  refreshIfOlderThan(withinMs: number): void {
    if (Date.now() - this.lastLoadStarted >= withinMs) void this.loadAll();
  }

  /** The next, older page, after the oldest loaded. Never rejects: see `getMoreState`. */
  async loadMore(): Promise<void> {
    if (this.moreState === 'pending' || !this.hasMore) return;
    const oldest = this.getAll().at(-1);
    this.moreState = 'pending';
    this.moreError = null;
    this.changed();
    const seq = this.beginRequest();
    let answer: NotificationListResponse;
    try {
      answer = await this.api.fetchNotifications({
        limit: this.pageSize,
        ...(oldest === undefined ? {} : { before: oldest.at, beforeId: oldest.id }),
      });
    } catch (error) {
      this.moreState = 'failed';
      this.moreError = error;
      this.changed();
      return;
    }
    this.pagedOn = true;
    this.hasMore = answer.hasMore;
    this.moreState = 'idle';
    this.takeCount(answer.unreadCount, seq);
    this.applyAll(answer.items, seq);
    this.changed();
  }

  /**
   * Marks these notifications read (one clicked, say). Rejects when the server did not: the
   * caller says so. Ids not loaded here are marked on the server all the same.
   */
  async markRead(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const answer = await this.api.markNotificationsRead({ ids: [...ids] });
    const seq = this.beginRequest();
    this.takeCount(answer.unreadCount, seq);
    this.applyAll(
      this.markedLocally((n) => ids.includes(n.id)),
      seq,
    );
    this.changed();
  }

  /**
   * Marks read everything up to the newest notification shown (its time and id): what arrives
   * meanwhile stays unread. Rejects when the server did not mark them.
   */
  async markAllRead(): Promise<void> {
    const newest = this.getAll()[0];
    if (newest === undefined) return;
    const { at: upTo, id: upToId } = newest;
    const answer = await this.api.markNotificationsRead({ upTo, upToId });
    const seq = this.beginRequest();
    this.takeCount(answer.unreadCount, seq);
    // The same order as the server's: time, then id (ids are ASCII: code units are bytes).
    this.applyAll(
      this.markedLocally((n) => n.at < upTo || (n.at === upTo && n.id <= upToId)),
      seq,
    );
    this.changed();
  }

  private async fetchFirstPage(seq: number): Promise<readonly NotificationView[]> {
    this.lastLoadStarted = Date.now();
    const answer = await this.api.fetchNotifications({ limit: this.pageSize });
    this.clockOffset = answer.serverNow - Date.now();
    const oldest = answer.items.reduce<number | null>((min, n) => (min === null || n.at < min ? n.at : min), null);
    this.firstPage = oldest === null ? null : { oldestAt: oldest, hasMore: answer.hasMore };
    // Once older pages are loaded, whether there are more still is theirs to say.
    if (!this.pagedOn || !answer.hasMore) {
      this.hasMore = answer.hasMore;
      if (!answer.hasMore) this.pagedOn = false;
    }
    if (!this.takeCount(answer.unreadCount, seq)) {
      // A mark answered after this fetch started: its count is newer, this one's items may be too.
      void this.loadAll();
    }
    return answer.items;
  }

  /** Takes a count the request `seq` answered unless a later-started one already gave one. */
  private takeCount(count: number, seq: number): boolean {
    if (seq < this.countSeq) return false;
    this.countSeq = seq;
    this.unreadCount = count;
    return true;
  }

  private markedLocally(which: (n: NotificationView) => boolean): NotificationView[] {
    const at = this.serverNow();
    return this.getAll()
      .filter((n) => n.readAt === null && which(n))
      .map((n) => ({ ...n, readAt: at }));
  }
}

/**
 * Follows what may change the person's notifications until the returned function is called:
 * `notifications.changed` naming them on any open consultation session, the window regaining
 * focus, and every `intervalMs` while the tab is visible (pages with no consultation open hear
 * no events). Loads at once unless a load started in the last few seconds (the header of the
 * page before had it).
 */
export function followNotifications(
  store: NotificationStore,
  sources: {
    subscribeEvents: (listener: (event: SessionEvent) => void) => () => void;
    window: Pick<Window, 'addEventListener' | 'removeEventListener'>;
    isVisible: () => boolean;
  },
  intervalMs = 60_000,
): () => void {
  const unsubscribe = sources.subscribeEvents(store.onEvent);
  const onFocus = () => store.refreshIfOlderThan(2_000);
  sources.window.addEventListener('focus', onFocus);
  const timer = setInterval(() => {
    if (sources.isVisible()) void store.loadAll();
  }, intervalMs);
  store.refreshIfOlderThan(5_000);
  return () => {
    unsubscribe();
    sources.window.removeEventListener('focus', onFocus);
    clearInterval(timer);
  };
}
