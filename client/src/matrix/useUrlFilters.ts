import type { MatrixFilters } from '@accord/shared';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { filtersFromQuery, filtersToQuery } from './filtersQuery.ts';

// replaceState fires no event of its own; setting filters announces itself with this one.
const FILTERS_CHANGED = 'accord:matrix-filters-changed';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(FILTERS_CHANGED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(FILTERS_CHANGED, onChange);
  };
}

const getSearch = () => window.location.search;

/**
 * The matrix filters, kept in the URL's query string so that a filtered view can be shared or
 * bookmarked. Changing them replaces the history entry: Back leaves the page, as people expect.
 */
export function useUrlFilters(): [MatrixFilters, (filters: MatrixFilters) => void] {
  const search = useSyncExternalStore(subscribe, getSearch);
  const filters = useMemo(() => filtersFromQuery(search), [search]);
  const setFilters = useCallback((next: MatrixFilters) => {
    const { pathname, hash } = window.location;
    window.history.replaceState(window.history.state, '', `${pathname}${filtersToQuery(next)}${hash}`);
    window.dispatchEvent(new Event(FILTERS_CHANGED));
  }, []);
  return [filters, setFilters];
}
