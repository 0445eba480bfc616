import type { TranslationStatus, TranslationStatusResponse } from '@accord/shared';
import { describe, expect, it, vi } from 'vitest';
import type { SessionEvent } from '../collab/CollabSession.ts';
import type { TranslationsApi } from './translationsApi.ts';
import { followTranslationEvents, TranslationStore } from './useTranslationStatus.ts';

const status = (clauseId: string, state: TranslationStatus['state'] = 'in_line'): TranslationStatus => ({
  clauseId,
  state,
  confirmedAt: null,
  confirmedBy: null,
  change: state === 'in_line' ? null : { language: 'en', parts: [{ op: 'insert', text: 'x' }] },
  current: state === 'in_line' ? null : { en: 'x', zh: '' },
});
const version = { id: 'v1', title: { en: 'Draft', zh: '草稿' }, publishedAt: 1 };

/** An API whose answers the test releases one by one. */
class FakeApi implements TranslationsApi {
  readonly pending: ((value: TranslationStatusResponse) => void)[] = [];
  /** The clause ids each request asked for (undefined: all). */
  readonly asked: (readonly string[] | undefined)[] = [];
  fetchTranslationStatus(_consultationId: string, clauseIds?: readonly string[]): Promise<TranslationStatusResponse> {
    this.asked.push(clauseIds);
    return new Promise((resolve) => this.pending.push(resolve));
  }
  answer(clauses: TranslationStatus[]) {
    const resolve = this.pending.shift();
    if (!resolve) throw new Error('no pending request');
    resolve({ clauses, version });
  }
}

const ids = (list: readonly TranslationStatus[]) => list.map((s) => `${s.clauseId}:${s.state}`);

describe('TranslationStore', () => {
  it('keeps the server’s reading order, lists the clauses out of date (the same array while unchanged), and the version', async () => {
    const api = new FakeApi();
    const store = new TranslationStore('c', api);
    const loading = store.loadAll();
    api.answer([status('b'), status('a', 'zh_out_of_date'), status('c', 'both_changed')]);
    await loading;
    expect(ids(store.getAll())).toEqual(['b:in_line', 'a:zh_out_of_date', 'c:both_changed']);
    const outOfDate = store.getOutOfDate();
    expect(ids(outOfDate)).toEqual(['a:zh_out_of_date', 'c:both_changed']);
    expect(store.getOutOfDate()).toBe(outOfDate);
    expect(store.getVersion()).toEqual(version);
  });

  it('takes a confirmation’s answer at once, and an older list answering later does not undo it', async () => {
    const api = new FakeApi();
    const store = new TranslationStore('c', api);
    const first = store.loadAll();
    api.answer([status('a', 'zh_out_of_date'), status('b')]);
    await first;
    const refreshing = store.loadAll();
    const seq = store.beginRequest();
    store.apply(status('a'), seq);
    expect(ids(store.getOutOfDate())).toEqual([]);
    api.answer([status('a', 'zh_out_of_date'), status('b')]);
    await refreshing;
    expect(ids(store.getAll())).toEqual(['a:in_line', 'b:in_line']);
  });

  it('refetches only the clauses an event names, asking for those named meanwhile in one more request', async () => {
    const api = new FakeApi();
    const store = new TranslationStore('c', api);
    const first = store.loadAll();
    api.answer([status('a'), status('b'), status('c')]);
    await first;
    const one = store.loadSome(['b']);
    const two = store.loadSome(['c']);
    const three = store.loadSome(['a', 'c']);
    expect(api.asked.at(-1)).toEqual(['b']);
    api.answer([status('b', 'zh_out_of_date')]);
    await one;
    await vi.waitFor(() => expect(api.pending).toHaveLength(1));
    expect(api.asked.at(-1)).toEqual(['c', 'a']);
    // 'c' is not in the answer: it is gone.
    api.answer([status('a', 'en_out_of_date')]);
    await Promise.all([two, three]);
    expect(ids(store.getAll())).toEqual(['a:en_out_of_date', 'b:zh_out_of_date']);
    expect(store.getStatus()).toBe('loaded');
  });

  it('refetches on translations.changed, versions.changed and after a resync, not on other events', async () => {
    const api = new FakeApi();
    const store = new TranslationStore('c', api);
    let emit: (event: SessionEvent) => void = () => {};
    const unsubscribe = vi.fn();
    const stop = followTranslationEvents(store, {
      subscribeEvents: (listener) => {
        emit = listener;
        return unsubscribe;
      },
    });
    expect(api.pending).toHaveLength(1);
    api.answer([]);
    await vi.waitFor(() => expect(store.getStatus()).toBe('loaded'));
    for (const event of [
      { type: 'translations.changed', clauseIds: ['a'] },
      { type: 'versions.changed' },
      { type: 'resynced' },
    ] as SessionEvent[]) {
      emit(event);
      await vi.waitFor(() => expect(api.pending).toHaveLength(1));
      api.answer([]);
      await vi.waitFor(() => expect(api.pending).toHaveLength(0));
    }
    expect(api.asked.slice(1)).toEqual([['a'], undefined, undefined]);
    emit({ type: 'threads.changed', threadIds: ['t'] });
    emit({ type: 'rounds.changed' });
    expect(api.pending).toHaveLength(0);
    stop();
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('takes the statuses an event carries, without asking, over an older fetch still under way', async () => {
    const api = new FakeApi();
    const store = new TranslationStore('c', api);
    let emit: (event: SessionEvent) => void = () => {};
    followTranslationEvents(store, {
      subscribeEvents: (listener) => {
        emit = listener;
        return () => {};
      },
    });
    api.answer([status('a'), status('b')]);
    await vi.waitFor(() => expect(store.getStatus()).toBe('loaded'));
    const refreshing = store.loadAll(); // e.g. after a reconnection, answered late
    emit({ type: 'translations.changed', clauseIds: ['b'], statuses: [status('b', 'zh_out_of_date')] });
    expect(ids(store.getAll())).toEqual(['a:in_line', 'b:zh_out_of_date']);
    expect(api.pending).toHaveLength(1);
    api.answer([status('a'), status('b')]);
    await refreshing;
    expect(ids(store.getAll())).toEqual(['a:in_line', 'b:zh_out_of_date']);
    expect(api.asked).toEqual([undefined, undefined]);
  });
});
