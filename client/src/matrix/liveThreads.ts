import type { ThreadView } from '@accord/shared';

/**
 * The page's copy of the threads, patched as realtime events arrive. Requests overlap (a full
 * refetch after a reconnect, single threads after each change), and answers can come back in
 * any order: each request takes a ticket when it starts, and per thread the answer of the
 * latest-started request wins. A thread that disappeared keeps its ticket (a tombstone), so a
 * slow older answer cannot bring it back.
 */
export interface LiveThreads {
  readonly threads: ReadonlyMap<string, ThreadView>;
  readonly tickets: ReadonlyMap<string, number>;
}

export const emptyLiveThreads: LiveThreads = { threads: new Map(), tickets: new Map() };

/** One thread as fetched with `ticket`; null: it is gone (deleted, or no longer visible to us). */
export function applyThread(
  live: LiveThreads,
  ticket: number,
  threadId: string,
  thread: ThreadView | null,
): LiveThreads {
  if ((live.tickets.get(threadId) ?? 0) >= ticket) return live;
  const threads = new Map(live.threads);
  if (thread === null) threads.delete(threadId);
  else threads.set(threadId, thread);
  return { threads, tickets: new Map(live.tickets).set(threadId, ticket) };
}

/** The whole list as fetched with `ticket`: threads it lacks are gone, unless known from a later request. */
export function applyThreadList(live: LiveThreads, ticket: number, list: readonly ThreadView[]): LiveThreads {
  const threads = new Map(live.threads);
  const tickets = new Map(live.tickets);
  const listed = new Set<string>();
  for (const thread of list) {
    listed.add(thread.id);
    if ((tickets.get(thread.id) ?? 0) >= ticket) continue;
    threads.set(thread.id, thread);
    tickets.set(thread.id, ticket);
  }
  for (const id of live.threads.keys()) {
    if (listed.has(id) || (tickets.get(id) ?? 0) >= ticket) continue;
    threads.delete(id);
    tickets.set(id, ticket);
  }
  return { threads, tickets };
}

/** Oldest first, as the server lists them. */
export function threadList(live: LiveThreads): ThreadView[] {
  return [...live.threads.values()].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}
