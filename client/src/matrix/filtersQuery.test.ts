import type { Framework, Stakeholder } from '@accord/shared';
import { describe, expect, it } from 'vitest';
import { filtersFromQuery, filtersToQuery, hasFilters, knownFilters } from './filtersQuery.ts';

/** The matrix filters as the page URL and the export links carry them. */
describe('matrix filters in the query string', () => {
  it('round-trips every filter, in a fixed order', () => {
    const filters = { response: 'none', kind: 'proposal', sectionId: 's-5', stakeholderId: 'kh' } as const;
    const query = filtersToQuery(filters);
    expect(query).toBe('?stakeholderId=kh&sectionId=s-5&kind=proposal&response=none');
    expect(filtersFromQuery(query)).toEqual(filters);
  });

  it('writes nothing when nothing is filtered', () => {
    expect(filtersToQuery({})).toBe('');
    expect(filtersToQuery({ kind: undefined })).toBe('');
    expect(hasFilters({ kind: undefined })).toBe(false);
    expect(hasFilters({ response: 'accepted' })).toBe(true);
  });

  it('drops a malformed parameter alone, keeping the others', () => {
    expect(filtersFromQuery('?kind=rant&response=accepted&stakeholderId=a%20b&sectionId=')).toEqual({
      response: 'accepted',
    });
    expect(filtersFromQuery('?response=under_review&other=1')).toEqual({ response: 'under_review' });
  });

  it('reads the query with or without its "?"', () => {
    expect(filtersFromQuery('kind=question')).toEqual({ kind: 'question' });
    expect(filtersFromQuery('')).toEqual({});
  });

  it('forgets a stakeholder or section the consultation does not have (a stale link)', () => {
    const framework: Framework = {
      consultationId: 'c',
      sections: [{ id: 's-1', parentId: null, position: 0, title: { en: 'Goals', zh: '目标' } }],
      clauses: [],
    };
    const stakeholders: Stakeholder[] = [{ id: 'kh', kind: 'member_state', name: { en: 'Cambodia', zh: '柬埔寨' } }];
    expect(
      knownFilters({ stakeholderId: 'xx', sectionId: 's-9', kind: 'comment' }, { framework, stakeholders }),
    ).toEqual({ kind: 'comment' });
    expect(knownFilters({ stakeholderId: 'kh', sectionId: 's-1' }, { framework, stakeholders })).toEqual({
      stakeholderId: 'kh',
      sectionId: 's-1',
    });
  });
});
