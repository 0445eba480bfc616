import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiRequestError } from '../api/apiClient.ts';
import { createCoalescer } from '../app/coalesce.ts';

export type LiveLoadState<T> =
  | { status: 'loading' }
  | { status: 'failed'; error: unknown }
  /** `refreshError`: a later reload failed, so the data shown may be out of date. */
  | { status: 'loaded'; data: T; refreshError: unknown };

/**
 * Runs `load` (keep it stable) on mount, and again on `reload()`, e.g. for each realtime event.
 * One load runs at a time (so answers arrive in order); reloads asked for meanwhile collapse
 * into one more. Data stays on screen while reloading. A 401 calls `onSessionExpired`.
 */
export function useLiveLoad<T>(
  load: () => Promise<T>,
  onSessionExpired: () => void,
): { state: LiveLoadState<T>; reload: () => void } {
  const [state, setState] = useState<LiveLoadState<T>>({ status: 'loading' });
  const [reload, setReload] = useState<() => void>(() => () => {});
  const expiredRef = useRef(onSessionExpired);
  useEffect(() => {
    expiredRef.current = onSessionExpired;
  }, [onSessionExpired]);

  useEffect(() => {
    let disposed = false;
    const coalesce = createCoalescer();
    const run = () =>
      coalesce('load', async () => {
        try {
          const data = await load();
          if (disposed) return;
          setState({ status: 'loaded', data, refreshError: null });
        } catch (error) {
          if (disposed) return;
          if (error instanceof ApiRequestError && error.status === 401) expiredRef.current();
          setState((current) =>
            current.status === 'loaded' ? { ...current, refreshError: error } : { status: 'failed', error },
          );
        }
      });
    setState({ status: 'loading' });
    setReload(() => run);
    run();
    return () => {
      disposed = true;
    };
  }, [load]);

  // A failed first load shows "loading" again while retrying.
  const reloadShowingProgress = useCallback(() => {
    setState((current) => (current.status === 'failed' ? { status: 'loading' } : current));
    reload();
  }, [reload]);

  return { state, reload: reloadShowingProgress };
}
