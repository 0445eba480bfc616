import { APPLICABLE_RESPONSE_STATUSES, can, type PassageView, type Proposal, type ThreadView } from '@accord/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../i18n/useDateTimeFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { ThreadVotes } from '../votes/SubjectVotes.tsx';
import { CommentItem } from './CommentItem.tsx';
import { threadElementId, useComments } from './commentsContext.ts';
import { fillSlots, otherLanguage, usePersonLabel, useThreadAction } from './format.ts';
import { FormError } from './forms.tsx';
import { ModerationMenu } from './ModerationMenu.tsx';
import { ReplyForm } from './ReplyForm.tsx';
import { ResponseForm } from './ResponseForm.tsx';
import { applyWording } from './threadsApi.ts';

/**
 * One thread: what it is (kind, number, author, passage, proposed wording), its comments, the
 * secretariat's response, and what this reader may do with it. The card's id is the deep link
 * (`#thread-<id>`); it takes focus when opened from one.
 */
export function ThreadCard({ thread, active }: { thread: ThreadView; active: boolean }) {
  const { t } = useTranslation();
  const env = useComments();
  const { actor, capabilities, store, ui } = env;
  const formatTime = useDateTimeFormat();
  const personLabel = usePersonLabel();
  const titleId = useId();
  const number = store.numberOf(thread.id);
  const duplicateNumber = thread.duplicateOf === null ? null : store.numberOf(thread.duplicateOf);
  const canReply = can(actor, 'thread.reply', { thread: { locked: thread.locked } });
  const mayReplyAtAll = capabilities['thread.reply'];

  const classes = ['thread-card', `thread-${thread.kind}`];
  if (active) classes.push('is-active');
  if (thread.status === 'resolved') classes.push('is-resolved');

  return (
    <article
      id={threadElementId(thread.id)}
      className={classes.join(' ')}
      aria-labelledby={titleId}
      tabIndex={-1}
      // A click inside focuses the card too (it is focusable): the thread is being looked at.
      onFocus={() => ui.setActiveThread(thread.id)}
    >
      <header className="thread-card-header">
        <h3 id={titleId} className="thread-title">
          <span className={`kind-tag kind-${thread.kind}`}>{t(`threads.kind.${thread.kind}`)}</span>
          {number !== null && <span className="thread-number"> #{number}</span>}
        </h3>
        <a className="thread-link" href={`#${threadElementId(thread.id)}`}>
          {t('threads.link')}
        </a>
      </header>
      <p className="thread-meta">
        {t('threads.startedBy', { person: personLabel(thread.author.name, thread.stakeholderId) })}{' '}
        <span aria-hidden="true">·</span>{' '}
        <time dateTime={new Date(thread.createdAt).toISOString()}>{formatTime(thread.createdAt)}</time>
      </p>
      <ThreadTags thread={thread} duplicateNumber={duplicateNumber} />

      {thread.passage !== null ? (
        <PassageQuote passage={thread.passage} />
      ) : (
        <p className="thread-on-clause">{t('threads.onWholeClause')}</p>
      )}
      {thread.proposal !== null && <ProposalText proposal={thread.proposal} passage={thread.passage} />}

      <ol className="comment-list" aria-label={t('threads.commentsLabel')}>
        {thread.comments.map((comment) => (
          <li key={comment.id}>
            <CommentItem thread={thread} comment={comment} />
          </li>
        ))}
      </ol>

      {thread.response !== null && <ResponseText response={thread.response} />}
      {thread.applied !== null && (
        <p className="thread-applied">
          {t('threads.applied', { name: thread.applied.by.name, time: formatTime(thread.applied.at) })}
        </p>
      )}
      <ThreadVotes thread={thread} />
      {capabilities['thread.applyWording'] && <ApplyWording thread={thread} />}
      {capabilities['thread.respond'] && <ResponseForm thread={thread} />}
      {capabilities['thread.moderate'] && <ModerationMenu thread={thread} />}

      {canReply ? (
        <ReplyForm thread={thread} />
      ) : (
        mayReplyAtAll && thread.locked && <p className="thread-locked-note">{t('threads.lockedNote')}</p>
      )}
    </article>
  );
}

function ThreadTags({ thread, duplicateNumber }: { thread: ThreadView; duplicateNumber: number | null }) {
  const { t } = useTranslation();
  const tags = [];
  if (thread.status === 'resolved')
    tags.push(
      <li key="resolved" className="tag tag-resolved">
        {t('threads.tags.resolved')}
      </li>,
    );
  if (thread.locked)
    tags.push(
      <li key="locked" className="tag tag-locked">
        {t('threads.tags.locked')}
      </li>,
    );
  if (thread.duplicateOf !== null)
    tags.push(
      <li key="duplicate" className="tag tag-duplicate">
        {fillSlots(t('threads.tags.duplicateOf'), {
          thread: (
            <a href={`#${threadElementId(thread.duplicateOf)}`}>
              {duplicateNumber === null ? t('threads.tags.anotherThread') : `#${duplicateNumber}`}
            </a>
          ),
        })}
      </li>,
    );
  if (tags.length === 0) return null;
  return (
    <ul className="thread-tags" aria-label={t('threads.tags.label')}>
      {tags}
    </ul>
  );
}

/** The passage a thread is on, as quoted when it started, and whether it is still in the text. */
function PassageQuote({ passage }: { passage: PassageView }) {
  const { t } = useTranslation();
  const detached = passage.now.state === 'detached';
  const changed = passage.now.state === 'attached' && passage.now.text !== passage.quote ? passage.now.text : null;
  return (
    <figure className={`thread-passage${detached ? ' is-detached' : ''}`}>
      <blockquote lang={passage.language}>{passage.quote}</blockquote>
      <figcaption>
        {t('threads.passageLanguage', { language: t(`language.${passage.language}`) })}
        {detached && <span className="badge badge-detached">{t('threads.passageDeleted')}</span>}
      </figcaption>
      {changed !== null && (
        <p className="thread-passage-now">
          {t('threads.passageNow')} <q lang={passage.language}>{changed}</q>
        </p>
      )}
    </figure>
  );
}

/** "Replace “X” with “Y”", "Insert “Y” after “X”", "Delete “X”". */
function ProposalText({ proposal, passage }: { proposal: Proposal; passage: PassageView | null }) {
  const { t } = useTranslation();
  const lang = passage?.language;
  const old = (
    <del className="proposal-old" lang={lang}>
      {passage?.quote ?? ''}
    </del>
  );
  const wording = (
    <ins className="proposal-new" lang={lang}>
      {proposal.text}
    </ins>
  );
  let template: string;
  if (proposal.action === 'replace') template = t('threads.proposal.replace');
  else if (proposal.action === 'delete') template = t('threads.proposal.delete');
  else template = passage === null ? t('threads.proposal.insertInClause') : t('threads.proposal.insert');
  return (
    <div className="thread-proposal">
      <p className="thread-proposal-label">{t('threads.proposal.heading')}</p>
      <p className="thread-proposal-text">{fillSlots(template, { passage: old, wording })}</p>
    </div>
  );
}

function ResponseText({ response }: { response: NonNullable<ThreadView['response']> }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const formatTime = useDateTimeFormat();
  const other = otherLanguage(language);
  const explanationLanguage = response.explanation[language].trim() !== '' ? language : other;
  const explanation = response.explanation[explanationLanguage];
  return (
    <section className="thread-response" aria-label={t('threads.response.label')}>
      <p className="thread-response-head">
        <span className={`status-badge status-${response.status}`}>
          {t(`threads.responseStatus.${response.status}`)}
        </span>{' '}
        <span className="thread-response-by">
          {t('threads.response.by', { name: response.by.name, time: formatTime(response.at) })}
        </span>
      </p>
      {explanation.trim() !== '' && (
        <p className="thread-response-explanation" lang={explanationLanguage}>
          {explanation}
        </p>
      )}
    </section>
  );
}

/** The secretariat applies an accepted proposed wording to the clause text (once). */
function ApplyWording({ thread }: { thread: ThreadView }) {
  const { t } = useTranslation();
  const { consultationId, ui } = useComments();
  const { run, pending, error } = useThreadAction();
  const applicable =
    thread.kind === 'proposal' &&
    thread.proposal !== null &&
    thread.applied === null &&
    thread.response !== null &&
    APPLICABLE_RESPONSE_STATUSES.includes(thread.response.status);
  if (!applicable) return null;
  const apply = async () => {
    const view = await run(() => applyWording(consultationId, thread.id));
    if (view) ui.announce(t('threads.applyDone'));
  };
  return (
    <div className="thread-apply">
      <button type="button" className="primary" disabled={pending} onClick={apply}>
        {t('threads.apply')}
      </button>
      <FormError message={error} />
    </div>
  );
}
