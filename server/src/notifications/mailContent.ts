import { type LocalizedText, type NotificationView, RESPONSE_STATUS_LABELS } from '@accord/shared';
import type { OutgoingMail } from './Mailer.ts';

/**
 * The words of the e-mails. A person's language is not known to the server (the client keeps
 * it), so every mail says everything in English, then in Chinese, with the link once per item.
 */

/** `2017-09-10 23:59 UTC`: one unambiguous form in both languages. */
export function utcTime(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const clause = (view: NotificationView): LocalizedText => {
  const number = view.thread?.clauseNumber;
  return number ? { en: `clause ${number}`, zh: `第${number}条` } : { en: 'a clause', zh: '某一条款' };
};

/** "Wang Fang (China)", per language; "Accord" when nobody acted. */
const actorName = (view: NotificationView): LocalizedText => {
  const name = view.actor?.name ?? 'Accord';
  const stakeholder = view.actorStakeholder;
  return stakeholder === null
    ? { en: name, zh: name }
    : { en: `${name} (${stakeholder.en})`, zh: `${name}（${stakeholder.zh}）` };
};

/** One line saying what happened, per language. */
export function headline(view: NotificationView): LocalizedText {
  switch (view.kind) {
    case 'thread.reply':
      return {
        en: `${actorName(view).en} replied in a thread on ${clause(view).en}`,
        zh: `${actorName(view).zh}在${clause(view).zh}的讨论中回复`,
      };
    case 'thread.response': {
      const status = view.response ? RESPONSE_STATUS_LABELS[view.response.status] : { en: 'Responded', zh: '已答复' };
      return {
        en: `The secretariat responded to a comment of yours on ${clause(view).en}: ${status.en}`,
        zh: `秘书处答复了贵方对${clause(view).zh}的意见：${status.zh}`,
      };
    }
    case 'vote.opened':
      return {
        en: `A vote opened for your country: ${view.vote?.question.en ?? ''}`.trim(),
        zh: `一项需贵国投票的表决已开始：${view.vote?.question.zh ?? ''}`,
      };
    case 'round.opened':
      return {
        en: `The consultation round "${view.round?.title.en ?? ''}" is open for comments`,
        zh: `征求意见轮次“${view.round?.title.zh ?? ''}”已开始接受意见`,
      };
    case 'round.closingSoon':
      return {
        en: `The consultation round "${view.round?.title.en ?? ''}" closes soon`,
        zh: `征求意见轮次“${view.round?.title.zh ?? ''}”即将截止`,
      };
  }
}

/** Further lines (the reply's start, the explanation, dates), per language. */
function details(view: NotificationView): { en: string[]; zh: string[] } {
  const en: string[] = [];
  const zh: string[] = [];
  if (view.excerpt) {
    en.push(`“${view.excerpt}”`);
    zh.push(`“${view.excerpt}”`);
  }
  if (view.response) {
    if (view.response.excerpt.en) en.push(view.response.excerpt.en);
    if (view.response.excerpt.zh) zh.push(view.response.excerpt.zh);
  }
  if (view.vote?.closesAt) {
    en.push(`Voting closes ${utcTime(view.vote.closesAt)}.`);
    zh.push(`投票截止时间：${utcTime(view.vote.closesAt)}。`);
  }
  if (view.round) {
    en.push(`Comments close ${utcTime(view.round.closesAt)}.`);
    zh.push(`意见截止时间：${utcTime(view.round.closesAt)}。`);
  }
  return { en, zh };
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function itemText(view: NotificationView, link: string): string {
  const h = headline(view);
  const d = details(view);
  return [h.en, ...d.en, h.zh, ...d.zh, link].join('\n');
}

function itemHtml(view: NotificationView, link: string): string {
  const h = headline(view);
  const d = details(view);
  const lines = (xs: string[]) => xs.map((x) => `<br>${escapeHtml(x)}`).join('');
  return (
    `<p><strong>${escapeHtml(h.en)}</strong>${lines(d.en)}</p>` +
    `<p lang="zh"><strong>${escapeHtml(h.zh)}</strong>${lines(d.zh)}</p>` +
    `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`
  );
}

const FOOTER_EN = 'You get these e-mails because of your notification settings in Accord; change them there.';
const FOOTER_ZH = '您收到此邮件是因为您在 Accord 中的通知设置；可在该处更改。';

const linkOf = (publicUrl: string, view: NotificationView) => `${publicUrl.replace(/\/+$/, '')}${view.path}`;

/** One notification, one mail (`immediate`). */
export function notificationMail(to: string, view: NotificationView, publicUrl: string): OutgoingMail {
  const h = headline(view);
  const link = linkOf(publicUrl, view);
  return {
    to,
    subject: `[Accord] ${shorten(h.en)} / ${shorten(h.zh)}`,
    text: `${itemText(view, link)}\n\n--\n${FOOTER_EN}\n${FOOTER_ZH}\n`,
    html: `${itemHtml(view, link)}<hr><p>${escapeHtml(FOOTER_EN)}<br>${escapeHtml(FOOTER_ZH)}</p>`,
  };
}

/** The day's notifications, oldest first, in one mail (`daily`). */
export function digestMail(to: string, views: NotificationView[], publicUrl: string): OutgoingMail {
  const count = views.length;
  const items = views.map((view) => ({ view, link: linkOf(publicUrl, view) }));
  return {
    to,
    subject: `[Accord] ${count} new notification${count === 1 ? '' : 's'} / ${count} 条新通知`,
    text:
      `Your notifications since the last digest:\n自上次摘要以来的通知：\n\n` +
      `${items.map(({ view, link }) => itemText(view, link)).join('\n\n')}\n\n--\n${FOOTER_EN}\n${FOOTER_ZH}\n`,
    html:
      `<p>Your notifications since the last digest:<br>自上次摘要以来的通知：</p>` +
      `${items.map(({ view, link }) => itemHtml(view, link)).join('<hr>')}` +
      `<hr><p>${escapeHtml(FOOTER_EN)}<br>${escapeHtml(FOOTER_ZH)}</p>`,
  };
}

/** Subjects stay readable: each language's headline up to 90 characters. */
function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= 90 ? flat : `${flat.slice(0, 89)}…`;
}
