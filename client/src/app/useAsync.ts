import { useCallback, useEffect, useRef, useState } from 'react';

export type AsyncState<T> =
  | { status: 'loading' }
  | { status: 'loaded'; data: T }
  | { status: 'failed'; error: unknown };

/**
 * Runs `load` on mount and whenever it changes (keep it stable with useCallback); the returned
 * `retry` runs it again. Only the latest run may set the state, so a slow answer never
 * overwrites a newer one.
 */
export function useAsync<T>(load: () => Promise<T>): [AsyncState<T>, () => void, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const latestRun = useRef(0);

  const run = useCallback(() => {
    latestRun.current += 1;
    const thisRun = latestRun.current;
    setState({ status: 'loading' });
    load().then(
      (data) => {
        if (latestRun.current === thisRun) setState({ status: 'loaded', data });
      },
      (error: unknown) => {
        if (latestRun.current === thisRun) setState({ status: 'failed', error });
      },
    );
  }, [load]);

  // Runs `load` again keeping what is shown until the answer (a failure keeps it too).
  const refresh = useCallback(() => {
    latestRun.current += 1;
    const thisRun = latestRun.current;
    load().then(
      (data) => {
        if (latestRun.current === thisRun) setState({ status: 'loaded', data });
      },
      (error: unknown) => {
        if (latestRun.current !== thisRun) return;
        setState((current) => (current.status === 'loaded' ? current : { status: 'failed', error }));
      },
    );
  }, [load]);

  useEffect(() => {
    run();
    return () => {
      latestRun.current += 1;
    };
  }, [run]);

  return [state, run, refresh];
}
