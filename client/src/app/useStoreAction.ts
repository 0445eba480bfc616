import type { TFunction } from 'i18next';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/apiClient.ts';

/** A live store that takes the answer of an action (a thread's or a vote's new view). */
export interface ActionStore<T> {
  /** A sequence number for a request about to start: an older answer never replaces a newer one. */
  beginRequest(): number;
  apply(answer: T, seq: number): void;
}

export interface StoreAction<T> {
  run: (action: () => Promise<T>) => Promise<T | null>;
  pending: boolean;
  /** Why the last action failed, in the reader's language. */
  error: string | null;
  clearError: () => void;
}

/**
 * Runs an action whose answer is a new view, and puts that view in the store at once (the
 * realtime event that follows refetches it for everyone else). A failure is said with
 * `describe`, in the reader's language; unexpected ones are logged.
 */
export function useStoreAction<T>(
  store: ActionStore<T>,
  describe: (error: unknown, t: TFunction) => string,
): StoreAction<T> {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<T>) => {
      const seq = store.beginRequest();
      setPending(true);
      setError(null);
      try {
        const answer = await action();
        store.apply(answer, seq);
        return answer;
      } catch (caught) {
        if (!(caught instanceof ApiRequestError)) console.error(caught);
        setError(describe(caught, t));
        return null;
      } finally {
        setPending(false);
      }
    },
    [store, t, describe],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, pending, error, clearError };
}
