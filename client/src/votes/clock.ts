import { useSyncExternalStore } from 'react';

/**
 * One clock for every countdown on the page: ticks each second while anything shows one, and
 * not at all otherwise. The countdowns redraw; nothing else does.
 */
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let now = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const each of [...listeners]) each();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const noSubscription = () => () => {};
const getNow = () => now;

/** This browser's clock, to the second, while `running`; frozen otherwise. */
export function useTicking(running: boolean): number {
  return useSyncExternalStore(running ? subscribe : noSubscription, getNow, getNow);
}
