import {
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditEntryView,
  type ConsultationResponse,
  numberedClauses,
  outlineFramework,
  RESPONSE_STATUSES,
  REVIEW_STATUSES,
  type ThreadView,
  type VoteSubject,
} from '@accord/shared';
import type { TFunction } from 'i18next';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../app/AppLink.tsx';
import { versionPath } from '../app/router.ts';
import { useDateTimeFormat } from '../i18n/useDateTimeFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { describeVersionAudit, describeVersionRestoreAudit } from '../versions/format.ts';
import { describeVoteAudit, isVoteAuditAction, type SubjectInfo } from '../votes/format.ts';
import { votePath } from '../votes/links.tsx';
import { clausePath, threadPath } from './links.ts';

interface AuditTableProps {
  entries: AuditEntryView[];
  threads: ThreadView[];
  consultation: ConsultationResponse;
}

/** A target as people name it, and where to open it (a thread, a vote), if anywhere. */
interface Target {
  text: string;
  href: string | null;
}

/** Names in entries' details: stakeholders, and what a vote was on ("the response to #3 on clause 4.3"). */
interface DetailNames {
  nameOf: (stakeholderId: string) => string;
  infoOf: (subject: VoteSubject) => SubjectInfo;
}

const MAX_DETAIL_CHARS = 160;

/** The log, newest first, as the server sends it. */
export function AuditTable({ entries, threads, consultation }: AuditTableProps) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const formatDate = useDateTimeFormat();
  const captionId = useId();
  const { framework, stakeholders } = consultation;
  const consultationId = consultation.consultation.id;
  const { describeTarget, names } = useMemo(() => {
    const clauseNumbers = new Map(numberedClauses(outlineFramework(framework)).map((c) => [c.id, c.number]));
    const threadById = new Map(threads.map((thread) => [thread.id, thread]));
    const threadByComment = new Map(threads.flatMap((thread) => thread.comments.map((c) => [c.id, thread] as const)));
    // Threads are numbered in order of creation, as on the framework page.
    const threadNumbers = new Map(
      [...threads]
        .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((thread, index) => [thread.id, index + 1]),
    );
    const names: DetailNames = {
      nameOf: (stakeholderId) => stakeholders.find((s) => s.id === stakeholderId)?.name[language] ?? stakeholderId,
      infoOf: (subject) => {
        if (subject.kind === 'framework') return { threadNumber: null, clauseNumber: null };
        if (subject.kind === 'clause')
          return { threadNumber: null, clauseNumber: clauseNumbers.get(subject.clauseId) ?? null };
        const thread = threadById.get(subject.threadId);
        return {
          threadNumber: threadNumbers.get(subject.threadId) ?? null,
          clauseNumber: thread === undefined ? null : (clauseNumbers.get(thread.clauseId) ?? null),
        };
      },
    };
    const describeTarget = (target: string): Target => {
      const colon = target.indexOf(':');
      const kind = target.slice(0, colon);
      const id = target.slice(colon + 1);
      if (kind === 'thread' || kind === 'comment') {
        const thread = kind === 'thread' ? threadById.get(id) : threadByComment.get(id);
        const number = thread && clauseNumbers.get(thread.clauseId);
        if (number === undefined) {
          // Not (or no longer) among the threads: the id still opens it if it exists.
          const text = kind === 'thread' ? t('audit.target.threadUnknown') : t('audit.target.commentUnknown');
          const threadId = kind === 'thread' ? id : (thread?.id ?? null);
          return { text, href: threadId === null ? null : threadPath(consultationId, threadId) };
        }
        const text = kind === 'thread' ? t('audit.target.thread', { number }) : t('audit.target.comment', { number });
        return { text, href: thread === undefined ? null : threadPath(consultationId, thread.id) };
      }
      if (kind === 'stakeholder') {
        const stakeholder = stakeholders.find((s) => s.id === id);
        const text = stakeholder
          ? t('audit.target.stakeholder', { name: stakeholder.name[language] })
          : t('audit.target.stakeholderUnknown');
        return { text, href: null };
      }
      if (kind === 'clause') {
        const number = clauseNumbers.get(id);
        if (number === undefined) return { text: t('audit.target.clauseUnknown'), href: null };
        return { text: t('audit.target.clause', { number }), href: clausePath(consultationId, id) };
      }
      if (kind === 'vote') return { text: t('votes.audit.target'), href: votePath(consultationId, id) };
      if (kind === 'version') return { text: t('versions.audit.target'), href: versionPath(consultationId, id) };
      return { text: target, href: null };
    };
    return { describeTarget, names };
  }, [consultationId, framework, stakeholders, threads, language, t]);

  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <section className="matrix-scroll" aria-labelledby={captionId} tabIndex={0}>
      <table className="matrix-table audit-table">
        <caption id={captionId}>{t('audit.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.columns.when')}</th>
            <th scope="col">{t('audit.columns.who')}</th>
            <th scope="col">{t('audit.columns.action')}</th>
            <th scope="col">{t('audit.columns.target')}</th>
            <th scope="col">{t('audit.columns.reason')}</th>
            <th scope="col">{t('audit.columns.details')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.length === 0 ? (
            <tr>
              <td colSpan={6} className="matrix-empty">
                {t('audit.empty')}
              </td>
            </tr>
          ) : (
            entries.map((entry) => {
              const target = describeTarget(entry.target);
              return (
                <tr key={entry.id}>
                  <th scope="row" className="audit-when">
                    <time dateTime={new Date(entry.at).toISOString()}>{formatDate(entry.at)}</time>
                  </th>
                  <td>{entry.actor.name}</td>
                  <td>{actionLabel(entry.action, t)}</td>
                  <td>{target.href === null ? target.text : <AppLink href={target.href}>{target.text}</AppLink>}</td>
                  <td className="audit-reason">{entry.reason ?? t('audit.noReason')}</td>
                  <td>
                    <Details entry={entry} names={names} />
                  </td>
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </section>
  );
}

function actionLabel(action: AuditAction, t: TFunction): string {
  // A newer server may log actions this client does not know yet: show their name.
  return AUDIT_ACTIONS.includes(action) ? t(`audit.action.${action}`) : action;
}

/** The entry's details: a vote's in a sentence; others one `key: value` per line, long values cut short. */
function Details({ entry, names }: { entry: AuditEntryView; names: DetailNames }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  if (isVoteAuditAction(entry.action)) {
    const sentence = describeVoteAudit(entry.action, entry.detail, names.nameOf, names.infoOf, t);
    if (sentence !== null) return <>{sentence}</>;
  }
  if (entry.action === 'version.publish') {
    const sentence = describeVersionAudit(entry.detail, language, t);
    if (sentence !== null) return <>{sentence}</>;
  }
  if (entry.action === 'version.restore') {
    const sentence = describeVersionRestoreAudit(entry.detail, language, t);
    if (sentence !== null) return <>{sentence}</>;
  }
  const items = Object.entries(entry.detail);
  if (items.length === 0) return <>{t('audit.noDetails')}</>;
  return (
    <dl className="audit-detail">
      {items.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{detailValue(entry.action, value, t)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Statuses in the reader's language; anything else as compact text. */
function detailValue(action: AuditAction, value: unknown, t: TFunction): string {
  if (typeof value === 'string') {
    if (action === 'thread.respond') {
      const status = RESPONSE_STATUSES.find((s) => s === value);
      if (status) return t(`matrix.response.${status}`);
    }
    if (action === 'reviewStatus.set') {
      const status = REVIEW_STATUSES.find((s) => s === value);
      if (status) return t(`review.status.${status}`);
    }
    return shorten(value);
  }
  if (value === null || value === undefined) return t('audit.noDetails');
  return shorten(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

function shorten(text: string): string {
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS - 1)}…` : text;
}
