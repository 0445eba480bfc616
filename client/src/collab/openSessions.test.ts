import { describe, expect, it } from 'vitest';
import type { SessionEvent } from './CollabSession.ts';
import { registerOpenSession, subscribeOpenSessionEvents } from './openSessions.ts';

/** A session that only delivers events. */
function fakeSession() {
  const listeners = new Set<(event: SessionEvent) => void>();
  return {
    subscribeEvents: (listener: (event: SessionEvent) => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    emit: (event: SessionEvent) => {
      for (const listener of listeners) listener(event);
    },
    listenerCount: () => listeners.size,
  };
}

describe('open sessions', () => {
  it('passes on the events of every registered session, until it is unregistered', () => {
    const heard: SessionEvent[] = [];
    const stop = subscribeOpenSessionEvents((event) => heard.push(event));
    const first = fakeSession();
    const second = fakeSession();
    const unregisterFirst = registerOpenSession(first);
    registerOpenSession(second);
    first.emit({ type: 'notifications.changed', personIds: ['a'] });
    second.emit({ type: 'resynced' });
    unregisterFirst();
    expect(first.listenerCount()).toBe(0);
    first.emit({ type: 'resynced' });
    expect(heard).toEqual([{ type: 'notifications.changed', personIds: ['a'] }, { type: 'resynced' }]);
    stop();
    second.emit({ type: 'resynced' });
    expect(heard).toHaveLength(2);
  });
});
