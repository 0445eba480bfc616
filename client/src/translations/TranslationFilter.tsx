import './translations.css';
import type { TranslationStatus } from '@accord/shared';
import { useId, useMemo, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useOptionalTranslations } from './translationsContext.ts';
import { type TranslationStore, useOutOfDateTranslations } from './useTranslationStatus.ts';

/**
 * Above the framework, once some clause's translation is out of date (or the filter is on): how
 * many, and "Show only these clauses" / "Show all clauses". The filter lives in the URL
 * (`?translation=out-of-date`), so a link can share it.
 */
export function TranslationFilter() {
  const env = useOptionalTranslations();
  if (env === null) return null;
  return <FilterBar store={env.store} only={env.onlyOutOfDate} setOnly={env.setOnlyOutOfDate} />;
}

function FilterBar({
  store,
  only,
  setOnly,
}: {
  store: TranslationStore;
  only: boolean;
  setOnly: (only: boolean) => void;
}) {
  const { t } = useTranslation();
  const labelId = useId();
  const outOfDate = useOutOfDateTranslations(store);
  if (outOfDate.length === 0 && !only) return null;
  return (
    <section className="translation-filter" aria-labelledby={labelId} data-testid="translation-filter">
      <h2 id={labelId} className="translation-filter-label">
        {t('translations.filter.label')}
      </h2>
      <p>
        {outOfDate.length === 0
          ? t('translations.filter.none')
          : t('translations.filter.count', { count: outOfDate.length })}{' '}
        {only && <span className="translation-filter-active">{t('translations.filter.showingOnly')}</span>}
      </p>
      <button type="button" aria-pressed={only} onClick={() => setOnly(!only)}>
        {only ? t('translations.filter.all') : t('translations.filter.only')}
      </button>
    </section>
  );
}

const NONE: readonly TranslationStatus[] = Object.freeze([]);
const noSubscription = () => () => {};

/**
 * The clause ids the framework shows with the filter on (null: the filter is off, or this is
 * not the framework page: show every clause). The same set while nothing changes.
 */
export function useShownClauseIds(): ReadonlySet<string> | null {
  const env = useOptionalTranslations();
  const store = env?.store ?? null;
  const subscribe = store === null ? noSubscription : store.subscribe;
  const get = store === null ? () => NONE : store.getOutOfDate;
  const outOfDate = useSyncExternalStore(subscribe, get, get);
  const only = env?.onlyOutOfDate ?? false;
  const confirmedHere = env?.confirmedHere;
  return useMemo(
    () => (only ? new Set([...outOfDate.map((status) => status.clauseId), ...(confirmedHere ?? [])]) : null),
    [only, outOfDate, confirmedHere],
  );
}
