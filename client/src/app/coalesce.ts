interface Running {
  /** The task to run again when the running one ends (null: none asked for). */
  again: (() => Promise<void>) | null;
  /** Settles when that run again has ended. */
  againDone: Promise<void>;
  settleAgain: () => void;
}

/**
 * Runs at most one task per key at a time. Asked again while one runs, it runs the latest task
 * once more when that one ends: a burst of realtime events costs two requests, not one each.
 * The promise returned settles when the run that answers the call has ended (the one started,
 * or the one once more). Tasks handle their own errors.
 */
export function createCoalescer(): (key: string, task: () => Promise<void>) => Promise<void> {
  const running = new Map<string, Running>();
  const run = (key: string, task: () => Promise<void>): Promise<void> => {
    const current = running.get(key);
    if (current) {
      current.again = task;
      return current.againDone;
    }
    let settleAgain = () => {};
    const againDone = new Promise<void>((resolve) => {
      settleAgain = resolve;
    });
    const slot: Running = { again: null, againDone, settleAgain };
    running.set(key, slot);
    return task().finally(() => {
      running.delete(key);
      if (slot.again) void run(key, slot.again).finally(slot.settleAgain);
    });
  };
  return run;
}
