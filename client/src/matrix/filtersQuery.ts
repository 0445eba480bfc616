import { type Framework, type MatrixFilters, matrixFiltersSchema, type Stakeholder } from '@accord/shared';

/**
 * The matrix filters as a query string, the same for the page's URL (so a filtered view can be
 * shared) and the export links (so a download holds the rows on screen).
 */

const KEYS = ['stakeholderId', 'sectionId', 'kind', 'response'] as const satisfies readonly (keyof MatrixFilters)[];

/** Reads what it can: a malformed parameter is dropped alone, never the others with it. */
export function filtersFromQuery(search: string): MatrixFilters {
  const params = new URLSearchParams(search);
  const filters: MatrixFilters = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value === null || value === '') continue;
    const parsed = matrixFiltersSchema.shape[key].safeParse(value);
    // Assigning through the key keeps each value's own type.
    if (parsed.success && parsed.data !== undefined) Object.assign(filters, { [key]: parsed.data });
  }
  return filters;
}

/** `?kind=proposal&response=none`, in a fixed order; empty when nothing is filtered. */
export function filtersToQuery(filters: MatrixFilters): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key];
    if (value !== undefined) params.set(key, value);
  }
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

export function hasFilters(filters: MatrixFilters): boolean {
  return KEYS.some((key) => filters[key] !== undefined);
}

/** Drops a stakeholder or section the consultation does not have (a stale shared link). */
export function knownFilters(
  filters: MatrixFilters,
  { framework, stakeholders }: { framework: Framework; stakeholders: Stakeholder[] },
): MatrixFilters {
  const { stakeholderId, sectionId, ...rest } = filters;
  return {
    ...rest,
    ...(stakeholderId !== undefined && stakeholders.some((s) => s.id === stakeholderId) ? { stakeholderId } : {}),
    ...(sectionId !== undefined && framework.sections.some((s) => s.id === sectionId) ? { sectionId } : {}),
  };
}
