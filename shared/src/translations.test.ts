import { describe, expect, it } from 'vitest';
import { confirmTranslationRequestSchema, translationStatus } from './translations.ts';

const by = { personId: 'p1', name: 'Ana' };
const base = { en: 'The parties agree.', zh: '各方同意。', confirmedAt: 5, confirmedBy: by };

describe('translationStatus', () => {
  it('is in line when neither language changed', () => {
    const s = translationStatus('c1', { en: base.en, zh: base.zh }, base);
    expect(s).toEqual({
      clauseId: 'c1',
      state: 'in_line',
      confirmedAt: 5,
      confirmedBy: by,
      change: null,
      current: null,
    });
  });
  it('marks the Chinese out of date when only the English changed, with the English diff', () => {
    const s = translationStatus('c1', { en: 'The parties strongly agree.', zh: base.zh }, base);
    expect(s.state).toBe('zh_out_of_date');
    expect(s.change?.language).toBe('en');
    expect(s.change?.parts.some((p) => p.op === 'insert' && p.text.includes('strongly'))).toBe(true);
    // What a confirmation would send: the texts the state was computed from.
    expect(s.current).toEqual({ en: 'The parties strongly agree.', zh: base.zh });
  });
  it('marks the English out of date when only the Chinese changed', () => {
    const s = translationStatus('c1', { en: base.en, zh: '各方一致同意。' }, base);
    expect(s.state).toBe('en_out_of_date');
    expect(s.change?.language).toBe('zh');
  });
  it('says both changed when both did, with the English change', () => {
    const s = translationStatus('c1', { en: 'Changed.', zh: '改了。' }, base);
    expect(s.state).toBe('both_changed');
    expect(s.change?.language).toBe('en');
  });
  it('counts a never-confirmed clause from the version baseline, or in line without one', () => {
    const version = { en: base.en, zh: base.zh, confirmedAt: null, confirmedBy: null };
    const s = translationStatus('c1', { en: 'New.', zh: base.zh }, version);
    expect(s).toMatchObject({ state: 'zh_out_of_date', confirmedAt: null, confirmedBy: null });
    expect(translationStatus('c1', { en: 'x', zh: 'y' }, null).state).toBe('in_line');
  });
});

describe('confirmTranslationRequestSchema', () => {
  it('accepts texts and refuses NUL, oversize and missing fields', () => {
    expect(confirmTranslationRequestSchema.safeParse({ en: 'a', zh: 'b' }).success).toBe(true);
    expect(confirmTranslationRequestSchema.safeParse({ en: 'a\u0000', zh: 'b' }).success).toBe(false);
    expect(confirmTranslationRequestSchema.safeParse({ en: 'a'.repeat(100_001), zh: 'b' }).success).toBe(false);
    expect(confirmTranslationRequestSchema.safeParse({ en: 'a' }).success).toBe(false);
  });
});
