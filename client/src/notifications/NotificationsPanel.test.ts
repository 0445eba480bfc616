import type { NotificationListResponse, NotificationPreferencesResponse, NotificationView } from '@accord/shared';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { initReactI18next } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { en } from '../i18n/en.ts';
import { zh } from '../i18n/zh.ts';
import { makeNotification } from '../test/notificationFactory.ts';
import { EmailPreferenceForm } from './EmailPreference.tsx';
import { digestTimes, notificationSentence, type SentenceEnv } from './format.ts';
import { NotificationBellFor } from './NotificationBell.tsx';
import { NotificationsPanel } from './NotificationsPanel.tsx';
import { NotificationStore } from './notificationStore.ts';

/** The bell and its panel as markup (no DOM here): the accessible name, the sentences, the unread marker. */

// The app's i18n module reads the browser's preferences when loaded; here i18next is set up below.
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

afterEach(async () => {
  await i18next.changeLanguage('en');
});

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 25, 12, 0);

const reply = makeNotification({ id: 'n1', at: NOW - 5 * 60_000 });
const response = makeNotification({
  id: 'n2',
  kind: 'thread.response',
  at: NOW - 2 * HOUR,
  readAt: NOW - HOUR,
  actor: { personId: 's', name: 'Li Wei' },
  thread: { threadId: 't2', clauseId: 'review-1', clauseNumber: '2.1', kind: 'proposal' },
  response: { status: 'accepted', excerpt: { en: 'Accepted with thanks.', zh: '采纳，谢谢。' } },
  excerpt: null,
  path: '/consultations/lmec-2017#thread-t2',
});
const vote = makeNotification({
  id: 'n3',
  kind: 'vote.opened',
  at: NOW - 3 * HOUR,
  actor: { personId: 's', name: 'Li Wei' },
  thread: null,
  vote: { voteId: 'v1', question: { en: 'Adopt clause 1.1?', zh: '是否通过第 1.1 条？' }, closesAt: NOW + 2 * HOUR },
  excerpt: null,
  path: '/consultations/lmec-2017/votes#vote-v1',
});
const round = {
  roundId: 'r1',
  title: { en: 'Second reading', zh: '二读' },
  opensAt: NOW - 10 * HOUR,
  closesAt: NOW + 20 * HOUR,
};
const roundOpened = makeNotification({
  id: 'n4',
  kind: 'round.opened',
  at: NOW - 10 * HOUR,
  actor: null,
  thread: null,
  round,
  excerpt: null,
  path: '/consultations/lmec-2017/rounds',
});
const closingSoon = makeNotification({ ...roundOpened, id: 'n5', kind: 'round.closingSoon', at: NOW - 4 * HOUR });

/** A store loaded with these, as the server answered (newest first, whatever order given). */
async function storeWith(items: NotificationView[], unreadCount: number, hasMore = false): Promise<NotificationStore> {
  const list: NotificationListResponse = { items, unreadCount, hasMore, serverNow: NOW };
  const store = new NotificationStore('tnc-1', {
    fetchNotifications: async () => list,
    markNotificationsRead: async () => ({ marked: 0, unreadCount }),
  });
  await store.loadAll();
  return store;
}

const env = (language: 'en' | 'zh'): SentenceEnv => ({
  t: i18next.getFixedT(language),
  language,
  now: NOW,
  formatTime: (at) => new Date(at).toISOString().slice(0, 16).replace('T', ' '),
});

describe('notification sentences', () => {
  it('says each kind in English, from the view', () => {
    const e = env('en');
    expect(notificationSentence(reply, e)).toBe('Wang Fang (China) replied in your thread on clause 4.3');
    expect(notificationSentence(response, e)).toBe('The secretariat answered your comment on clause 2.1: Accepted');
    expect(notificationSentence(vote, e)).toBe(
      'A vote opened for your country: “Adopt clause 1.1?”, closes in 2 hours',
    );
    expect(notificationSentence(roundOpened, e)).toBe(
      'Round “Second reading” is open for comments until 2026-11-26 08:00',
    );
    expect(notificationSentence(closingSoon, e)).toBe('Round “Second reading” closes in 20 hours');
  });

  it('says each kind in Chinese', () => {
    const z = env('zh');
    expect(notificationSentence(reply, z)).toBe('Wang Fang（中国）在您参与的第 4.3 条讨论中回复了');
    expect(notificationSentence(response, z)).toBe('秘书处已答复您在第 2.1 条上的意见：采纳');
    expect(notificationSentence(vote, z)).toBe('一项表决已为您的国家开放：“是否通过第 1.1 条？”，2小时后截止');
    expect(notificationSentence(closingSoon, z)).toBe('轮次“二读”将于20小时后截止');
  });

  it('copes with what is gone or past: a removed clause, no closing time, a round already closed', () => {
    const e = env('en');
    const gone = makeNotification({
      id: 'x',
      thread: { threadId: 't', clauseId: 'c', clauseNumber: null, kind: 'comment' },
    });
    expect(notificationSentence(gone, e)).toBe('Wang Fang (China) replied in your thread on a clause since removed');
    const anonymous = makeNotification({ id: 'y', actor: null });
    expect(notificationSentence(anonymous, e)).toBe('Someone replied in your thread on clause 4.3');
    const open = makeNotification({
      ...vote,
      id: 'z',
      vote: { voteId: 'v', question: { en: 'Q?', zh: 'Q？' }, closesAt: null },
    });
    expect(notificationSentence(open, e)).toBe(
      'A vote opened for your country: “Q?”, open until the secretariat closes it',
    );
    const past = makeNotification({
      ...vote,
      id: 'p',
      vote: { voteId: 'v', question: { en: 'Q?', zh: 'Q？' }, closesAt: NOW - 1 },
    });
    expect(notificationSentence(past, e)).toContain('its closing time has passed');
    const closed = makeNotification({ ...closingSoon, id: 'c2', round: { ...round, closesAt: NOW - HOUR } });
    expect(notificationSentence(closed, e)).toBe('Round “Second reading” closed on 2026-11-25 11:00');
  });

  it('gives the digest hour in the reader’s time and in UTC', () => {
    const [, utc] = digestTimes(7, 'en', NOW);
    expect(utc).toBe('07:00');
  });
});

describe('the bell', () => {
  it('names the unread count for screen readers and draws it as a badge', async () => {
    const store = await storeWith([reply, response, vote], 3);
    const html = renderToStaticMarkup(createElement(NotificationBellFor, { store }));
    expect(html).toContain('aria-label="Notifications, 3 unread"');
    expect(html).toContain('aria-expanded="false"');
    expect(html).toMatch(/<span class="notifications-badge" aria-hidden="true">3<\/span>/);
    // Closed: no panel yet.
    expect(html).not.toContain('notifications-panel');
  });

  it('says none unread, and draws no badge', async () => {
    const store = await storeWith([response], 0);
    const html = renderToStaticMarkup(createElement(NotificationBellFor, { store }));
    expect(html).toContain('aria-label="Notifications, none unread"');
    expect(html).not.toContain('notifications-badge');
  });

  it('in Chinese', async () => {
    await i18next.changeLanguage('zh');
    const store = await storeWith([reply], 12);
    const html = renderToStaticMarkup(createElement(NotificationBellFor, { store }));
    expect(html).toContain('aria-label="通知，12 条未读"');
  });

  it('opens as a disclosure controlling the panel', async () => {
    const store = await storeWith([reply], 1);
    const html = renderToStaticMarkup(createElement(NotificationBellFor, { store, initiallyOpen: true }));
    const controls = /aria-controls="([^"]+)"/.exec(html)?.[1];
    expect(html).toContain('aria-expanded="true"');
    expect(controls).toBeTruthy();
    expect(html).toContain(`<section id="${controls}" class="notifications-panel"`);
  });
});

describe('the panel', () => {
  const render = (store: NotificationStore) =>
    renderToStaticMarkup(createElement(NotificationsPanel, { id: 'p', store, onClose: () => {}, now: NOW }));

  it('lists newest first, each a link to its path, unread ones marked in words', async () => {
    const store = await storeWith([vote, reply, response], 2);
    const html = render(store);
    const order = [...html.matchAll(/data-notification-id="(\w+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['n1', 'n2', 'n3']);
    // The unread reply: "New" in words inside its link, then the sentence; the excerpt below; when and where.
    expect(html).toContain(
      '<a href="/consultations/lmec-2017#thread-t1"><span class="notification-new">New<span class="visually-hidden">: </span></span><span class="notification-sentence">Wang Fang (China) replied in your thread on clause 4.3</span></a>',
    );
    expect(html).toContain('“We suggest naming the basin.”');
    expect(html).toContain('5 minutes ago · Lancang-Mekong Environmental Cooperation Strategy');
    // The read response: no marker.
    expect(html).toMatch(
      /data-notification-id="n2" data-kind="thread.response" data-unread="false"><a href="\/consultations\/lmec-2017#thread-t2"><span class="notification-sentence">/,
    );
    expect(html).toContain('“Accepted with thanks.”');
    expect(html).toContain('2 unread');
    expect(html).toContain('Mark all as read');
    expect(html).not.toContain('Show more');
  });

  it('in Chinese', async () => {
    await i18next.changeLanguage('zh');
    const store = await storeWith([reply, response], 1);
    const html = render(store);
    expect(html).toContain('<span class="notification-new">新');
    expect(html).toContain('秘书处已答复您在第 2.1 条上的意见：采纳');
    expect(html).toContain('“采纳，谢谢。”');
    expect(html).toContain('5分钟前 · 澜湄环境合作战略');
    expect(html).toContain('全部标记为已读');
  });

  it('offers more when there is more, and says when there is nothing', async () => {
    expect(render(await storeWith([reply], 1, true))).toContain('Show more');
    const empty = render(await storeWith([], 0));
    expect(empty).toContain('data-testid="notifications-empty"');
    expect(empty).toContain('Nothing yet.');
    expect(empty).not.toContain('Mark all as read');
  });

  it('says it is loading, and why it failed, with a retry', async () => {
    const loading = new NotificationStore('tnc-1', {
      fetchNotifications: () => new Promise(() => {}),
      markNotificationsRead: () => new Promise(() => {}),
    });
    expect(render(loading)).toContain('Loading your notifications…');
    const failing = new NotificationStore('tnc-1', {
      fetchNotifications: async () => {
        throw new (await import('../api/apiClient.ts')).ApiRequestError(0, 'network_error', 'offline');
      },
      markNotificationsRead: async () => ({ marked: 0, unreadCount: 0 }),
    });
    await failing.loadAll();
    const html = render(failing);
    expect(html).toContain('role="alert"');
    expect(html).toContain('Could not load your notifications. Could not reach the server.');
    expect(html).toContain('>Try again</button>');
  });
});

describe('the e-mail choice', () => {
  const prefs = (fields: Partial<NotificationPreferencesResponse> = {}): NotificationPreferencesResponse => ({
    email: 'daily',
    emailAvailable: true,
    digestHourUtc: 7,
    emailAddress: 'tnc@partners.org',
    ...fields,
  });
  const render = (loaded: NotificationPreferencesResponse) =>
    renderToStaticMarkup(createElement(EmailPreferenceForm, { loaded, save: async () => loaded }));

  it('offers off, immediately and a daily digest, with the address and the digest hour', () => {
    const html = render(prefs());
    expect(html).toContain('<legend>E-mail</legend>');
    expect(html.match(/type="radio"/g)).toHaveLength(3);
    expect(html).toMatch(/checked="" value="daily"/);
    expect(html).not.toContain('disabled');
    expect(html).toContain('E-mails go to tnc@partners.org.');
    expect(html).toMatch(/The daily digest is sent at \d\d:\d\d your time \(07:00 UTC\)\./);
  });

  it('is disabled, and says why, when the server sends no e-mail', () => {
    const html = render(prefs({ emailAvailable: false, email: 'immediate' }));
    expect(html.match(/disabled=""/g)).toHaveLength(3);
    expect(html).toContain('This server sends no e-mail');
    expect(html).toMatch(/checked="" value="immediate"/);
  });

  it('in Chinese', async () => {
    await i18next.changeLanguage('zh');
    const html = render(prefs());
    expect(html).toContain('每日摘要：每天一封邮件');
    expect(html).toContain('邮件将发送至 tnc@partners.org。');
  });
});
