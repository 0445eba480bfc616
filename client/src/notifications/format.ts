import type { Language, NotificationView } from '@accord/shared';
import type { TFunction } from 'i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { errorMessage } from '../api/errorMessage.ts';

export { agoText } from '../visits/summary.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const locale = (language: Language) => (language === 'zh' ? 'zh-CN' : 'en-GB');

/** How long until `at`, from `now`, in the reader's language: "in 5 minutes", "in 20 hours", "in 3 days" / "20小时后". */
export function inText(at: number, now: number, language: Language): string {
  const format = new Intl.RelativeTimeFormat(locale(language), { numeric: 'always' });
  const left = Math.max(0, at - now);
  if (left < HOUR) return format.format(Math.max(1, Math.ceil(left / MINUTE)), 'minute');
  if (left < 48 * HOUR) return format.format(Math.round(left / HOUR), 'hour');
  return format.format(Math.round(left / (24 * HOUR)), 'day');
}

/** What a sentence needs besides the notification: the reader's language, the server's clock, dates. */
export interface SentenceEnv {
  t: TFunction;
  language: Language;
  /** The server's clock now (closing times are the server's). */
  now: number;
  /** A date and time in the reader's language: "5 Mar 2025, 14:05". */
  formatTime: (at: number) => string;
}

/**
 * One notification as a sentence in the reader's language, built from the view as it is now:
 * "Wang Fang replied in your thread on clause 4.3", "The secretariat answered your comment on
 * clause 2.1: Accepted", "A vote opened for your country: “…”, closes in 2 hours", "Round “…” is
 * open for comments until …", "Round “…” closes in 20 hours".
 */
export function notificationSentence(notification: NotificationView, env: SentenceEnv): string {
  const { t, language, now, formatTime } = env;
  const stakeholder = notification.actorStakeholder?.[language] ?? null;
  const name =
    notification.actor === null
      ? t('notifications.someone')
      : stakeholder === null
        ? notification.actor.name
        : t('notifications.actorWithStakeholder', { name: notification.actor.name, stakeholder });
  const clause =
    notification.thread?.clauseNumber != null
      ? t('notifications.clause', { number: notification.thread.clauseNumber })
      : t('notifications.clauseGone');
  switch (notification.kind) {
    case 'thread.reply':
      return t('notifications.reply', { name, clause });
    case 'thread.response':
      return notification.response === null
        ? t('notifications.responseNoStatus', { clause })
        : t('notifications.response', { clause, status: t(`threads.responseStatus.${notification.response.status}`) });
    case 'vote.opened': {
      const vote = notification.vote;
      const closesAt = vote?.closesAt ?? null;
      const closing =
        closesAt === null
          ? t('notifications.voteNoClosing')
          : closesAt > now
            ? t('notifications.voteCloses', { when: inText(closesAt, now, language) })
            : t('notifications.voteClosingPassed');
      return t('notifications.voteOpened', { question: vote?.question[language] ?? '', closing });
    }
    case 'round.opened': {
      const round = notification.round;
      return t('notifications.roundOpened', {
        title: round?.title[language] ?? '',
        time: round ? formatTime(round.closesAt) : '',
      });
    }
    case 'round.closingSoon': {
      const round = notification.round;
      const title = round?.title[language] ?? '';
      if (round === null || round.closesAt <= now)
        return t('notifications.roundClosed', { title, time: round ? formatTime(round.closesAt) : '' });
      return t('notifications.roundClosingSoon', { title, when: inText(round.closesAt, now, language) });
    }
  }
}

/**
 * The words under the sentence, if any: the start of a reply (null when it was withdrawn or
 * hidden: the notification shows no more than the thread would), the start of the
 * secretariat's explanation in the reader's language.
 */
export function notificationExcerpt(notification: NotificationView, language: Language): string | null {
  if (notification.kind === 'thread.reply') return notification.excerpt;
  if (notification.kind === 'thread.response') {
    const text = notification.response?.excerpt[language] ?? '';
    return text === '' ? null : text;
  }
  return null;
}

/** A sentence for a failed request of the notifications. */
export function describeNotificationError(error: unknown, t: TFunction): string {
  if (error instanceof ApiRequestError && error.status === 401) return t('notifications.errors.signedOut');
  return errorMessage(error, t);
}

/** The daily digest's hour (UTC) as a time in the reader's time zone and as UTC: ["09:00", "01:00"]. */
export function digestTimes(hourUtc: number, language: Language, today: number = Date.now()): [string, string] {
  const day = new Date(today);
  const at = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hourUtc);
  const local = new Intl.DateTimeFormat(locale(language), { hour: '2-digit', minute: '2-digit', hour12: false });
  return [local.format(at), `${String(hourUtc).padStart(2, '0')}:00`];
}
