import type { TranslationStatus } from '@accord/shared';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { en } from '../i18n/en.ts';
import { zh } from '../i18n/zh.ts';
import { ClauseTranslationStatus } from './ClauseTranslationStatus.tsx';
import type { TranslationsApi } from './translationsApi.ts';
import { TranslationsContext, type TranslationsEnv } from './translationsContext.ts';
import { TranslationStore } from './useTranslationStatus.ts';

/** The note under a clause as markup (no DOM here): what it says, and who gets the button. */

vi.mock('../i18n/useLanguage.ts', async () => {
  const { default: i18n } = await import('i18next');
  return { useLanguage: () => [i18n.language, () => {}] };
});

beforeAll(async () => {
  await i18next.use(initReactI18next).init({
    lng: 'en',
    resources: { en: { translation: en }, zh: { translation: zh } },
    interpolation: { escapeValue: false },
  });
});

const outOfDate: TranslationStatus = {
  clauseId: 'review-1',
  state: 'zh_out_of_date',
  confirmedAt: null,
  confirmedBy: null,
  change: {
    language: 'en',
    parts: [
      { op: 'same', text: 'The parties ' },
      { op: 'insert', text: 'jointly ' },
      { op: 'same', text: 'review.' },
    ],
  },
  current: { en: 'The parties jointly review.', zh: '各方审议。' },
};

async function render(status: TranslationStatus, canConfirm: boolean, language: 'en' | 'zh' = 'en') {
  await i18next.changeLanguage(language);
  const api: TranslationsApi = {
    fetchTranslationStatus: async () => ({
      clauses: [status],
      version: { id: 'v1', title: { en: 'Revised draft', zh: '修订稿' }, publishedAt: 0 },
    }),
  };
  const store = new TranslationStore('lmec-2017', api);
  await store.loadAll();
  const env: TranslationsEnv = {
    consultationId: 'lmec-2017',
    store,
    canConfirm,
    onlyOutOfDate: false,
    setOnlyOutOfDate: () => {},
    confirmedHere: new Set(),
    noteConfirmed: () => {},
  };
  return renderToStaticMarkup(
    createElement(
      TranslationsContext,
      { value: env },
      createElement(ClauseTranslationStatus, { clauseId: 'review-1', number: '2.1' }),
    ),
  );
}

describe('ClauseTranslationStatus', () => {
  it('says which language is out of date, since the version, with the change, and offers a delegate to confirm', async () => {
    const html = await render(outOfDate, true);
    expect(html).toContain('data-testid="translation-status"');
    expect(html).toContain('data-state="zh_out_of_date"');
    expect(html).toContain('Chinese translation out of date');
    expect(html).toContain('The English changed since the published version “Revised draft”.');
    expect(html).toContain('<ins class="diff-insert">jointly </ins>');
    expect(html).toContain('Confirm the two languages are in line');
  });

  it('offers no button to those who may not confirm (partners, observers)', async () => {
    const html = await render(outOfDate, false);
    expect(html).toContain('Chinese translation out of date');
    expect(html).not.toContain('<button');
  });

  it('names who confirmed last and when, in Chinese too', async () => {
    const confirmed: TranslationStatus = {
      ...outOfDate,
      state: 'en_out_of_date',
      confirmedAt: Date.UTC(2017, 8, 13),
      confirmedBy: { personId: 'p-secretariat', name: 'Chen Jing' },
      change: { language: 'zh', parts: [{ op: 'insert', text: '联合' }] },
    };
    const html = await render(confirmed, true, 'zh');
    expect(html).toContain('英文译文已过时');
    expect(html).toContain('自 Chen Jing 于');
    expect(html).toContain('确认两种语言一致');
    await i18next.changeLanguage('en');
  });

  it('shows nothing for a clause in line', async () => {
    expect(await render({ ...outOfDate, state: 'in_line', change: null, current: null }, true)).toBe('');
  });
});
