import { describe, expect, it } from 'vitest';
import {
  auditPath,
  comparePath,
  consultationPath,
  matrixPath,
  parseRoute,
  versionPath,
  versionsPath,
  votesPath,
} from './router.ts';

describe('parseRoute', () => {
  it('reads every page of a consultation', () => {
    expect(parseRoute('/')).toEqual({ page: 'home' });
    expect(parseRoute('/consultations/c1')).toEqual({ page: 'consultation', consultationId: 'c1' });
    expect(parseRoute('/consultations/c1/')).toEqual({ page: 'consultation', consultationId: 'c1' });
    for (const page of ['matrix', 'audit', 'votes', 'versions', 'rounds', 'compare'] as const)
      expect(parseRoute(`/consultations/c1/${page}`)).toEqual({ page, consultationId: 'c1' });
    expect(parseRoute('/consultations/c1/versions/v%2F7')).toEqual({
      page: 'version',
      consultationId: 'c1',
      versionId: 'v/7',
    });
  });

  it('reads back the paths it builds', () => {
    const id = 'lmec 2017';
    expect(parseRoute(consultationPath(id))).toEqual({ page: 'consultation', consultationId: id });
    expect(parseRoute(matrixPath(id))).toEqual({ page: 'matrix', consultationId: id });
    expect(parseRoute(auditPath(id))).toEqual({ page: 'audit', consultationId: id });
    expect(parseRoute(votesPath(id))).toEqual({ page: 'votes', consultationId: id });
    expect(parseRoute(versionsPath(id))).toEqual({ page: 'versions', consultationId: id });
    expect(parseRoute(versionPath(id, 'v 1'))).toEqual({ page: 'version', consultationId: id, versionId: 'v 1' });
    // The query string is the comparison page's own: the path alone routes.
    expect(comparePath(id, '?from=v1&to=draft')).toBe('/consultations/lmec%202017/compare?from=v1&to=draft');
    expect(parseRoute('/consultations/lmec%202017/compare')).toEqual({ page: 'compare', consultationId: id });
  });

  it('finds nothing at paths that are not pages', () => {
    expect(parseRoute('/elsewhere')).toEqual({ page: 'notFound' });
    expect(parseRoute('/consultations/c1/settings')).toEqual({ page: 'notFound' });
    expect(parseRoute('/consultations/c1/matrix/extra')).toEqual({ page: 'notFound' });
    expect(parseRoute('/consultations/c1/compare/v1')).toEqual({ page: 'notFound' });
    expect(parseRoute('/consultations/c1/versions/v1/more')).toEqual({ page: 'notFound' });
    expect(parseRoute('/consultations/%E0%A4%A')).toEqual({ page: 'notFound' });
    expect(parseRoute('/consultations/c1/versions/%E0%A4%A')).toEqual({ page: 'notFound' });
  });
});
