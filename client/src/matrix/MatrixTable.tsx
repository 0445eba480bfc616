import type { MatrixGroup, MatrixRow, MatrixView } from '@accord/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../app/AppLink.tsx';
import { useDateFormat } from '../i18n/useDateTimeFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { matrixVoteSummary } from '../votes/format.ts';
import { votePath } from '../votes/links.tsx';
import { ResponseBadge, ReviewStatusChip } from './badges.tsx';
import { describeProposal, pickLocalized } from './format.ts';
import { threadPath } from './links.ts';

interface MatrixTableProps {
  view: MatrixView;
  consultationId: string;
  /** Whether filters are on: no rows then means "nothing matches", not "no comments yet". */
  filtered: boolean;
}

/**
 * The matrix as the 2017 one laid it out: Stakeholder | Targeted part | Comment | Response,
 * one row per thread, a header row per stakeholder carrying its review status.
 */
export function MatrixTable({ view, consultationId, filtered }: MatrixTableProps) {
  const { t } = useTranslation();
  const captionId = useId();
  return (
    // Scrolls sideways on narrow screens; focusable so keyboard users can scroll it too.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <section className="matrix-scroll" aria-labelledby={captionId} tabIndex={0}>
      <table className="matrix-table">
        <caption id={captionId}>{t('matrix.caption')}</caption>
        <colgroup>
          <col className="matrix-col-stakeholder" />
          <col className="matrix-col-part" />
          <col className="matrix-col-comment" />
          <col className="matrix-col-response" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">{t('matrix.columns.stakeholder')}</th>
            <th scope="col">{t('matrix.columns.part')}</th>
            <th scope="col">{t('matrix.columns.comment')}</th>
            <th scope="col">{t('matrix.columns.response')}</th>
          </tr>
        </thead>
        {view.groups.length === 0 ? (
          <tbody>
            <tr>
              <td colSpan={4} className="matrix-empty">
                {filtered ? t('matrix.empty.filtered') : t('matrix.noGroups')}
              </td>
            </tr>
          </tbody>
        ) : (
          view.groups.map((group) => (
            <GroupRows key={group.stakeholder?.id ?? ''} group={group} consultationId={consultationId} />
          ))
        )}
      </table>
    </section>
  );
}

function GroupRows({ group, consultationId }: { group: MatrixGroup; consultationId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const name = group.stakeholder?.name[language] ?? t('matrix.noStakeholder');
  // The secretariat answers the comments; it does not review the text as the others do.
  const reviewStatus = group.stakeholder?.kind === 'secretariat' ? null : group.reviewStatus;
  // Groups stay empty only while no filter narrows the rows: their review status says why.
  const empty = t(`matrix.empty.${reviewStatus ?? 'none'}`);
  return (
    <tbody className="matrix-group">
      <tr className="matrix-group-header">
        <th scope="rowgroup" colSpan={4}>
          <span className="matrix-group-name">{name}</span>
          {reviewStatus !== null && <ReviewStatusChip status={reviewStatus} />}
          {group.rows.length > 0 && (
            <span className="matrix-group-count">{t('matrix.groupRows', { count: group.rows.length })}</span>
          )}
        </th>
      </tr>
      {group.rows.length === 0 ? (
        <tr>
          <td colSpan={4} className="matrix-empty">
            {empty}
          </td>
        </tr>
      ) : (
        group.rows.map((row) => (
          <tr key={row.threadId} className="matrix-row">
            <th scope="row" className="matrix-stakeholder">
              {name}
            </th>
            <td>
              <TargetedPart row={row} consultationId={consultationId} />
            </td>
            <td>
              <CommentCell row={row} />
            </td>
            <td>
              <ResponseCell row={row} consultationId={consultationId} />
            </td>
          </tr>
        ))
      )}
    </tbody>
  );
}

function TargetedPart({ row, consultationId }: { row: MatrixRow; consultationId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const sectionTitle = pickLocalized(row.sectionTitle, language);
  return (
    <>
      <AppLink className="matrix-clause" href={threadPath(consultationId, row.threadId)}>
        {/* No number: the clause was removed from the framework since. */}
        {row.clauseNumber === '' ? t('matrix.clauseRemoved') : t('matrix.clause', { number: row.clauseNumber })}
        <span className="visually-hidden"> — {t('matrix.openThread')}</span>
      </AppLink>
      {row.sectionNumber !== '' && (
        <p className="matrix-section">
          {t('matrix.section', { number: row.sectionNumber, title: sectionTitle?.text ?? '' })}
        </p>
      )}
      {row.passage === null ? (
        <p className="matrix-muted">{t('matrix.wholeClause')}</p>
      ) : (
        <>
          <blockquote
            lang={row.passage.language}
            className={row.passage.detached ? 'matrix-quote matrix-quote-detached' : 'matrix-quote'}
          >
            {row.passage.quote}
          </blockquote>
          {row.passage.detached && <span className="tag tag-warn">{t('matrix.passageDeleted')}</span>}
        </>
      )}
    </>
  );
}

function CommentCell({ row }: { row: MatrixRow }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="matrix-tags">
        <span className={`tag kind-${row.kind}`}>{t(`matrix.kind.${row.kind}`)}</span>
        {/* The secretariat still reads what it hid: say that others do not. */}
        {row.commentState === 'hidden' && row.comment !== null && (
          <span className="tag tag-muted">{t('matrix.hidden')}</span>
        )}
      </p>
      {row.comment !== null ? (
        <p className="matrix-comment-text">{row.comment}</p>
      ) : (
        <p className="matrix-placeholder">
          {row.commentState === 'withdrawn' ? t('matrix.withdrawn') : t('matrix.hidden')}
        </p>
      )}
      {row.proposal !== null && (
        <p className="matrix-proposal">
          <span className="matrix-proposal-label">{t('matrix.proposedWording')}</span>
          {describeProposal(row.proposal, row.passage, t)}
        </p>
      )}
      <p className="matrix-meta">
        {t('matrix.byAuthor', { name: row.authorName })}
        <span aria-hidden="true"> · </span>
        {t('matrix.replies', { count: row.replyCount })}
      </p>
    </>
  );
}

function ResponseCell({ row, consultationId }: { row: MatrixRow; consultationId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const formatDate = useDateFormat();
  const explanation = row.response === null ? null : pickLocalized(row.response.explanation, language);
  return (
    <>
      <p className="matrix-tags">
        <ResponseBadge status={row.response?.status ?? 'none'} />
        {row.applied && <span className="tag tag-ok">{t('matrix.applied')}</span>}
        {row.threadStatus === 'resolved' && <span className="tag tag-muted">{t('matrix.resolved')}</span>}
      </p>
      {explanation !== null && (
        <>
          {explanation.fallback && (
            <span className="tag tag-muted">
              {t('matrix.inOtherLanguage', { language: t(`language.${explanation.language}`) })}
            </span>
          )}
          <p className="matrix-explanation" lang={explanation.fallback ? explanation.language : undefined}>
            {explanation.text}
          </p>
        </>
      )}
      {row.vote !== null && (
        <p className={`matrix-vote matrix-vote-${row.vote.state} outcome-${row.vote.result.outcome}`}>
          <AppLink href={votePath(consultationId, row.vote.voteId)}>
            {matrixVoteSummary(row.vote, t, formatDate)}
          </AppLink>
        </p>
      )}
      {row.duplicateOf !== null && (
        <AppLink className="matrix-duplicate" href={threadPath(consultationId, row.duplicateOf)}>
          {t('matrix.duplicate')}
        </AppLink>
      )}
    </>
  );
}
