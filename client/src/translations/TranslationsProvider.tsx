import { type ReactNode, useCallback, useMemo, useState } from 'react';
import { replaceSearch, useSearch } from '../app/router.ts';
import type { CollabSession } from '../collab/CollabSession.ts';
import { TranslationsContext, type TranslationsEnv } from './translationsContext.ts';
import { useTranslationStore } from './useTranslationStatus.ts';

const FILTER_PARAM = 'translation';
const FILTER_VALUE = 'out-of-date';

/** The framework page's translation statuses, live, and its "only out of date" filter (in the URL). */
export function TranslationsProvider({
  consultationId,
  collab,
  canConfirm,
  children,
}: {
  consultationId: string;
  collab: CollabSession;
  canConfirm: boolean;
  children: ReactNode;
}) {
  const store = useTranslationStore(consultationId, collab);
  const search = useSearch();
  const onlyOutOfDate = new URLSearchParams(search).get(FILTER_PARAM) === FILTER_VALUE;
  const [confirmedHere, setConfirmedHere] = useState<ReadonlySet<string>>(() => new Set());
  const noteConfirmed = useCallback((clauseId: string) => {
    setConfirmedHere((before) => new Set([...before, clauseId]));
  }, []);
  const setOnlyOutOfDate = useCallback((only: boolean) => {
    setConfirmedHere(new Set());
    const params = new URLSearchParams(window.location.search);
    if (only) params.set(FILTER_PARAM, FILTER_VALUE);
    else params.delete(FILTER_PARAM);
    const query = params.toString();
    replaceSearch(query === '' ? '' : `?${query}`);
  }, []);
  const env = useMemo<TranslationsEnv>(
    () => ({ consultationId, store, canConfirm, onlyOutOfDate, setOnlyOutOfDate, confirmedHere, noteConfirmed }),
    [consultationId, store, canConfirm, onlyOutOfDate, setOnlyOutOfDate, confirmedHere, noteConfirmed],
  );
  return <TranslationsContext value={env}>{children}</TranslationsContext>;
}
