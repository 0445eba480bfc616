import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { describeProposal, pickLocalized } from './format.ts';
import { matrixEn } from './i18n.en.ts';

// Just enough of i18next: looks the key up in the English strings and fills in {{values}}.
const t = ((key: string, values: Record<string, string> = {}) => {
  const template = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], matrixEn);
  return String(template).replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
}) as unknown as TFunction;

describe('pickLocalized', () => {
  it('prefers the reader’s language and falls back to the other, saying so', () => {
    expect(pickLocalized({ en: 'Agreed.', zh: '同意。' }, 'zh')).toEqual({
      text: '同意。',
      language: 'zh',
      fallback: false,
    });
    expect(pickLocalized({ en: 'Agreed.', zh: '  ' }, 'zh')).toEqual({
      text: 'Agreed.',
      language: 'en',
      fallback: true,
    });
    expect(pickLocalized({ en: '', zh: '' }, 'en')).toBeNull();
  });
});

describe('describeProposal', () => {
  const passage = { language: 'en' as const, quote: 'shall', detached: false };
  it('reads a proposed wording as a sentence', () => {
    expect(describeProposal({ action: 'replace', text: 'should' }, passage, t)).toBe('Replace “shall” with “should”');
    expect(describeProposal({ action: 'insert', text: ', where possible,' }, passage, t)).toBe(
      'Insert after “shall”: , where possible,',
    );
    expect(describeProposal({ action: 'delete', text: '' }, passage, t)).toBe('Delete “shall”');
    expect(describeProposal({ action: 'insert', text: 'New sentence.' }, null, t)).toBe(
      'Add to the clause: New sentence.',
    );
  });
});
