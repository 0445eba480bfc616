import { ApiRequestError } from '../api/apiClient.ts';
import { createCoalescer } from './coalesce.ts';
import type { ActionStore } from './useStoreAction.ts';

/**
 * `loading`: the first fetch is under way. `failed`: it failed, nothing to show. `stale`: what
 * is shown was loaded, but a later refresh failed (it may be out of date).
 */
export type LiveListStatus = 'loading' | 'loaded' | 'failed' | 'stale';

export interface LiveListOptions<T> {
  /** The item's identity: an answer for the same key replaces it. */
  key: (item: T) => string;
  /**
   * The whole list, as the server has it now (or its first page: see `retain`). `seq` is the
   * request's sequence number, for what the answer carries beside the list (a count, say).
   */
  fetchAll: (seq: number) => Promise<readonly T[]>;
  /**
   * Whether an item the latest answer left out stays: the answer was one page of a longer list
   * and did not reach it (older items loaded page by page). Absent: an answer covers every item.
   */
  retain?: (item: T) => boolean;
  /** The order handed out; absent: the order of the latest full answer (new keys at the end). */
  compare?: (a: T, b: T) => number;
  /**
   * Some items as the server has them now (a key it leaves out no longer exists); absent: a
   * change to some items fetches the whole list. At most `maxSome` keys per request.
   */
  fetchSome?: (keys: readonly string[]) => Promise<readonly T[]>;
  maxSome?: number;
  /** One item as the server has it now; null: gone (deleted, or no longer this reader's to see). */
  fetchOne?: (key: string) => Promise<T | null>;
  /** Past this many keys in one `refresh`, one fetch of the whole list beats one per item (default 20). */
  maxRefresh?: number;
  /**
   * Told of the list handed out (the same array while unchanged) each time something may have
   * changed, before the listeners: for what an owner keeps beside it (groups, numbers, timers).
   */
  onChange?: (list: readonly T[]) => void;
}

/**
 * A list the server owns, kept live on a page: fetched once, then again whenever the server says
 * it changed (the caller calls `loadAll`); an action's answer goes in at once (`apply`). Every
 * request takes a sequence number when it starts and an item keeps the latest-started request's
 * word on it, so a list fetched before an action and answered after it does not undo the action;
 * one fetch of the list runs at a time (a burst of events costs two). The array handed out stays
 * the same object until its contents change, for `useSyncExternalStore`.
 */
export class LiveListStore<T> implements ActionStore<T> {
  private readonly items = new Map<string, T>();
  private readonly seqOf = new Map<string, number>();
  private list: readonly T[] = Object.freeze([]);
  private status: LiveListStatus = 'loading';
  private error: unknown = null;
  private seq = 0;
  private readonly listeners = new Set<() => void>();
  private readonly coalesce = createCoalescer();
  /** Keys asked for by `loadSome` and not yet requested. */
  private readonly pendingKeys = new Set<string>();

  constructor(private readonly options: LiveListOptions<T>) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getStatus = (): LiveListStatus => this.status;

  /** Why the last request that failed did (for `failed` and `stale`). */
  readonly getError = (): unknown => this.error;

  readonly getAll = (): readonly T[] => this.list;

  readonly getItem = (key: string): T | undefined => this.items.get(key);

  /** A sequence number for a request about to start (an action whose answer is an item). */
  beginRequest(): number {
    this.seq += 1;
    return this.seq;
  }

  /** Applies the item a request started with `beginRequest` returned. */
  apply(item: T, seq: number): void {
    if (this.put(item, seq)) this.changed();
  }

  /** Applies several items a request returned (a page of the list, items an action changed): one change. */
  applyAll(items: readonly T[], seq: number): void {
    let any = false;
    for (const item of items) any = this.put(item, seq) || any;
    if (any) this.changed();
  }

  /** Fetches the list again (on load, on the server's event, after a gap in realtime events). */
  loadAll(): Promise<void> {
    return this.coalesce('all', () => this.fetchAll());
  }

  /**
   * Fetches some items again (the server said they changed). Keys asked for while a request
   * runs go in the next one; too many, or no `fetchSome`, fetch the whole list.
   */
  loadSome(keys: readonly string[]): Promise<void> {
    const { fetchSome, maxSome = 200 } = this.options;
    for (const key of keys) this.pendingKeys.add(key);
    if (fetchSome === undefined || this.pendingKeys.size > maxSome) {
      this.pendingKeys.clear();
      return this.loadAll();
    }
    return this.coalesce('some', () => this.fetchSomeNow(fetchSome));
  }

  /**
   * Fetches the items a realtime event says changed (new ones too), one request per item with
   * `fetchOne` (one at a time per item: asked again meanwhile, once more after), else as
   * `loadSome`. Many at once, or before the list ever loaded: the whole list.
   */
  async refresh(keys: readonly string[]): Promise<void> {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return;
    const { fetchOne, maxRefresh = 20 } = this.options;
    if (fetchOne === undefined) return this.loadSome(unique);
    if (unique.length > maxRefresh || this.status === 'failed' || this.status === 'loading') return this.loadAll();
    await Promise.all(unique.map((key) => this.coalesce(`item:${key}`, () => this.fetchOneNow(key, fetchOne))));
    this.changed();
  }

  /** Loads again after a failure; a failed first load shows `loading` again meanwhile. */
  retry(): Promise<void> {
    if (this.status === 'failed') {
      this.status = 'loading';
      this.changed();
    }
    return this.loadAll();
  }

  private async fetchAll(): Promise<void> {
    const seq = this.beginRequest();
    let fetched: readonly T[];
    try {
      fetched = await this.options.fetchAll(seq);
    } catch (error) {
      if (!(error instanceof ApiRequestError)) console.error(error);
      this.error = error;
      this.status = this.status === 'loading' || this.status === 'failed' ? 'failed' : 'stale';
      this.changed();
      return;
    }
    const returned = new Set<string>();
    for (const item of fetched) {
      returned.add(this.options.key(item));
      this.put(item, seq);
    }
    for (const key of [...this.items.keys()]) {
      const item = this.items.get(key);
      if (item !== undefined && this.options.retain?.(item)) continue;
      if (!returned.has(key) && (this.seqOf.get(key) ?? 0) <= seq) {
        this.seqOf.set(key, seq);
        this.items.delete(key);
      }
    }
    if (!this.options.compare) this.reorder(fetched);
    this.status = 'loaded';
    this.error = null;
    this.changed();
  }

  private async fetchSomeNow(fetchSome: (keys: readonly string[]) => Promise<readonly T[]>): Promise<void> {
    const keys = [...this.pendingKeys];
    this.pendingKeys.clear();
    if (keys.length === 0) return;
    const seq = this.beginRequest();
    let fetched: readonly T[];
    try {
      fetched = await fetchSome(keys);
    } catch (error) {
      if (!(error instanceof ApiRequestError)) console.error(error);
      this.error = error;
      // What is shown may now be out of date; a first load still under way decides the rest.
      if (this.status === 'loaded') this.status = 'stale';
      this.changed();
      return;
    }
    const returned = new Set<string>();
    for (const item of fetched) {
      returned.add(this.options.key(item));
      this.put(item, seq);
    }
    for (const key of keys) {
      if (!returned.has(key) && this.items.has(key) && (this.seqOf.get(key) ?? 0) <= seq) {
        this.seqOf.set(key, seq);
        this.items.delete(key);
      }
    }
    this.changed();
  }

  private async fetchOneNow(key: string, fetchOne: (key: string) => Promise<T | null>): Promise<void> {
    const seq = this.beginRequest();
    try {
      const item = await fetchOne(key);
      if (item !== null) this.put(item, seq);
      else if ((this.seqOf.get(key) ?? 0) <= seq) {
        // Gone: the number stays, so a slower older answer cannot bring it back.
        this.seqOf.set(key, seq);
        this.items.delete(key);
      }
    } catch (error) {
      if (!(error instanceof ApiRequestError)) console.error(error);
      this.error = error;
      if (this.status === 'loaded') this.status = 'stale';
    }
  }

  private put(item: T, seq: number): boolean {
    const key = this.options.key(item);
    if ((this.seqOf.get(key) ?? 0) > seq) return false;
    this.seqOf.set(key, seq);
    this.items.set(key, item);
    return true;
  }

  /** The Map's order becomes the answer's (items kept by a newer request stay, at the end). */
  private reorder(fetched: readonly T[]): void {
    const entries = [...this.items.entries()];
    const position = new Map(fetched.map((item, index) => [this.options.key(item), index]));
    entries.sort(([a], [b]) => (position.get(a) ?? Infinity) - (position.get(b) ?? Infinity));
    this.items.clear();
    for (const [key, item] of entries) this.items.set(key, item);
  }

  /** Hands out the list again if it changed, and tells the listeners (also of what a subclass keeps beside it). */
  protected changed(): void {
    const next = [...this.items.values()];
    if (this.options.compare) next.sort(this.options.compare);
    const unchanged = next.length === this.list.length && next.every((item, i) => item === this.list[i]);
    if (!unchanged) this.list = next;
    this.options.onChange?.(this.list);
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * Groups as `next` has them, each keeping the array it had in `before` when its items are the
 * same objects in the same order: what shows a group need not redraw.
 */
export function keepSameArrays<T>(
  before: ReadonlyMap<string, readonly T[]>,
  next: ReadonlyMap<string, readonly T[]>,
): Map<string, readonly T[]> {
  const kept = new Map<string, readonly T[]>();
  for (const [key, list] of next) {
    const old = before.get(key);
    const same = old !== undefined && old.length === list.length && old.every((item, i) => item === list[i]);
    kept.set(key, same ? old : list);
  }
  return kept;
}
