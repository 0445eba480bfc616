import { describe, expect, it } from 'vitest';
import { compareSearch, parseCompareQuery, sinceVersionSearch } from './compareQuery.ts';

describe('the comparison query', () => {
  it('defaults: no from, to the draft, side by side, only changed clauses', () => {
    expect(parseCompareQuery('')).toEqual({ from: null, to: 'draft', view: 'side', onlyChanged: true });
  });

  it('reads every option', () => {
    expect(parseCompareQuery('?from=v1&to=v2&view=inline&show=all')).toEqual({
      from: 'v1',
      to: 'v2',
      view: 'inline',
      onlyChanged: false,
    });
    expect(parseCompareQuery('?from=draft&to=v_2-b')).toMatchObject({ from: 'draft', to: 'v_2-b' });
  });

  it('drops a malformed value alone, keeping the others', () => {
    expect(parseCompareQuery('?from=../etc&to=v2&view=inline')).toEqual({
      from: null,
      to: 'v2',
      view: 'inline',
      onlyChanged: true,
    });
    expect(parseCompareQuery('?from=v1&to=a%20b&view=sideways&show=everything')).toEqual({
      from: 'v1',
      to: 'draft',
      view: 'side',
      onlyChanged: true,
    });
    expect(parseCompareQuery(`?from=${'x'.repeat(65)}`).from).toBeNull();
  });

  it('writes the sides, then only the options that are not the defaults', () => {
    expect(compareSearch({ from: 'v1', to: 'draft', view: 'side', onlyChanged: true })).toBe('?from=v1&to=draft');
    expect(compareSearch({ from: 'v1', to: 'v2', view: 'inline', onlyChanged: false })).toBe(
      '?from=v1&to=v2&view=inline&show=all',
    );
    expect(compareSearch({ from: null, to: 'draft', view: 'inline', onlyChanged: true })).toBe('?to=draft&view=inline');
    expect(sinceVersionSearch('v9')).toBe('?from=v9&to=draft');
  });

  it('reads back what it writes', () => {
    for (const query of [
      { from: 'v1', to: 'draft', view: 'side', onlyChanged: true },
      { from: 'draft', to: 'v3', view: 'inline', onlyChanged: false },
    ] as const) {
      expect(parseCompareQuery(compareSearch(query))).toEqual(query);
    }
  });
});
