import { describe, expect, it } from 'vitest';
import { clauseDocumentName, parseDocumentName, presenceDocumentName } from './documentNames.ts';

describe('document names', () => {
  it('round-trips clause and presence names', () => {
    expect(parseDocumentName(clauseDocumentName('lmec-2017', 'principle-3', 'zh'))).toEqual({
      kind: 'clause',
      consultationId: 'lmec-2017',
      clauseId: 'principle-3',
      language: 'zh',
    });
    expect(parseDocumentName(presenceDocumentName('lmec-2017'))).toEqual({
      kind: 'presence',
      consultationId: 'lmec-2017',
    });
  });

  it.each([
    'clause/lmec-2017/principle-3/fr',
    'clause/lmec-2017/principle-3',
    'clause/lmec-2017/../en',
    'clause/lmec 2017/x/en',
    'presence/',
    'other/lmec-2017',
    '',
  ])('refuses %j', (name) => {
    expect(parseDocumentName(name)).toBeNull();
  });
});
