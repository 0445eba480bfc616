/**
 * Runs at most one task per key at a time. Asked again while one runs, it runs the latest task
 * once more when that one ends: a burst of realtime events costs two requests, not one each.
 * Tasks handle their own errors.
 */
export function createCoalescer(): (key: string, task: () => Promise<void>) => void {
  // Key → the task to run again when the running one ends (null: none asked for).
  const running = new Map<string, (() => Promise<void>) | null>();
  const run = (key: string, task: () => Promise<void>): void => {
    if (running.has(key)) {
      running.set(key, task);
      return;
    }
    running.set(key, null);
    void task().finally(() => {
      const again = running.get(key);
      running.delete(key);
      if (again) run(key, again);
    });
  };
  return run;
}
