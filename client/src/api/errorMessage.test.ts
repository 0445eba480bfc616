import { REFUSAL_REASONS } from '@accord/shared';
import i18next, { type TFunction } from 'i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeError } from '../comments/format.ts';
import { en } from '../i18n/en.ts';
import { zh } from '../i18n/zh.ts';
import { ApiRequestError, apiRequest } from './apiClient.ts';
import { errorMessage, refusalReason } from './errorMessage.ts';

// The app's i18n module reads the browser's preferences when loaded; here i18next is set up below.
vi.mock('../i18n/useLanguage.ts', () => ({ useLanguage: () => ['en', () => {}] }));

const i18n = i18next.createInstance();
let tEn: TFunction;
let tZh: TFunction;

beforeAll(async () => {
  await i18n.init({
    resources: { en: { translation: en }, zh: { translation: zh } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  tEn = i18n.getFixedT('en');
  tZh = i18n.getFixedT('zh');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const locked = () =>
  new ApiRequestError(409, 'conflict', 'The thread is locked: it takes no more replies.', null, 'thread_locked');

describe('refusals the server names', () => {
  it('are translated, with the "Not done" prefix, in Chinese and in English', () => {
    expect(describeError(locked(), tZh)).toBe('未能完成：此讨论已锁定，不再接受回复。');
    expect(describeError(locked(), tEn)).toBe('Not done: The thread is locked: it takes no more replies.');
    const notAuthor = new ApiRequestError(
      403,
      'forbidden',
      'Only its author may change a comment.',
      null,
      'not_author',
    );
    expect(describeError(notAuthor, tZh)).toBe('未能完成：只有作者本人可以修改此意见。');
    // Screens without a special case say why too.
    expect(errorMessage(locked(), tZh)).toBe('未能完成：此讨论已锁定，不再接受回复。');
  });

  it('fall back to the server’s message for a reason the client does not know, or none', () => {
    const unknown = new ApiRequestError(409, 'conflict', 'The moon is full.', null, 'moon_full');
    expect(describeError(unknown, tZh)).toBe('未能完成：The moon is full.');
    expect(refusalReason(unknown, tEn)).toBe('The moon is full.');
    const unnamed = new ApiRequestError(400, 'invalid_input', 'body: Too big');
    expect(describeError(unnamed, tZh)).toBe('未能完成：body: Too big');
    // Without a reason, a general screen stays general.
    expect(errorMessage(unnamed, tEn)).toBe(en.errors.generic);
  });

  it('has a sentence for every reason in both languages', () => {
    for (const reason of REFUSAL_REASONS) {
      const error = new ApiRequestError(409, 'conflict', `server says ${reason}`, null, reason);
      for (const t of [tEn, tZh]) {
        const text = refusalReason(error, t);
        expect(text, reason).not.toContain('errors.reasons');
        expect(text, reason).not.toBe(`server says ${reason}`);
      }
      expect(zh.errors.reasons[reason], reason).toMatch(/\p{Script=Han}/u);
    }
  });

  it('keeps the reason from the response body', async () => {
    const body = {
      error: { code: 'conflict', message: 'The wording was already applied.', reason: 'already_applied' },
    };
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(body), { status: 409 }));
    const error = await apiRequest('POST', '/api/x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 409, code: 'conflict', reason: 'already_applied' });
    expect(describeError(error, tZh)).toBe('未能完成：此修改已应用到文本。');

    vi.stubGlobal(
      'fetch',
      async () => new Response(JSON.stringify({ error: { code: 'x', message: 'y' } }), { status: 400 }),
    );
    expect(await apiRequest('GET', '/api/x').catch((caught: unknown) => caught)).toMatchObject({ reason: null });
  });
});
