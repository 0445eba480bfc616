import {
  type Actor,
  decide,
  REVIEW_STATUSES,
  type ReviewStatus,
  type ReviewStatusView,
  type Stakeholder,
} from '@accord/shared';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { useDateTimeFormat } from '../i18n/useDateTimeFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { ReviewStatusChip } from './badges.tsx';
import { setReviewStatus } from './matrixApi.ts';

interface ReviewStatusBoardProps {
  consultationId: string;
  stakeholders: Stakeholder[];
  reviewStatuses: ReviewStatusView[];
  actor: Actor;
  /** The server's capability: whether this person may set review statuses at all. */
  canSet: boolean;
  onSaved: (view: ReviewStatusView) => void;
}

/** Finished first, so the bar fills from the left as the review progresses. */
const PROGRESS_ORDER: readonly ReviewStatus[] = ['submitted', 'no_comments', 'reviewing', 'not_started'];
const FINISHED: readonly ReviewStatus[] = ['submitted', 'no_comments'];

const REVIEWING_KINDS = [
  { kind: 'member_state', heading: 'review.memberStates' },
  { kind: 'partner', heading: 'review.partners' },
] as const;

/** Who has reviewed the framework so far: every member state and partner, and a summary. */
export function ReviewStatusBoard({
  consultationId,
  stakeholders,
  reviewStatuses,
  actor,
  canSet,
  onSaved,
}: ReviewStatusBoardProps) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const headingId = useId();

  const statusOf = (stakeholderId: string): ReviewStatusView =>
    reviewStatuses.find((s) => s.stakeholderId === stakeholderId) ?? {
      stakeholderId,
      status: 'not_started',
      by: null,
      at: null,
    };
  const groups = REVIEWING_KINDS.map(({ kind, heading }) => ({
    kind,
    heading,
    entries: stakeholders
      .filter((s) => s.kind === kind)
      .sort((a, b) => a.name[language].localeCompare(b.name[language], language))
      .map((stakeholder) => ({ stakeholder, view: statusOf(stakeholder.id) })),
  })).filter((group) => group.entries.length > 0);
  const all = groups.flatMap((group) => group.entries.map((entry) => entry.view.status));

  return (
    <section className="review-board" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('review.heading')}</h2>
      {all.length === 0 ? (
        <p>{t('review.none')}</p>
      ) : (
        <>
          <ReviewSummary statuses={all} />
          {groups.map((group) => (
            <div key={group.kind} className="review-group">
              <h3>{t(group.heading)}</h3>
              <ul className="review-list">
                {group.entries.map(({ stakeholder, view }) => (
                  <ReviewStatusItem
                    key={stakeholder.id}
                    consultationId={consultationId}
                    name={stakeholder.name[language]}
                    view={view}
                    editable={canSet && decide(actor, 'reviewStatus.set', { stakeholderId: stakeholder.id }).allowed}
                    onSaved={onSaved}
                  />
                ))}
              </ul>
            </div>
          ))}
        </>
      )}
    </section>
  );
}

/** Progress at a glance: a stacked bar (drawn) and the same counts as text (read). */
function ReviewSummary({ statuses }: { statuses: ReviewStatus[] }) {
  const { t } = useTranslation();
  const counts = PROGRESS_ORDER.map((status) => ({ status, count: statuses.filter((s) => s === status).length }));
  const done = statuses.filter((s) => FINISHED.includes(s)).length;
  return (
    <div className="review-summary">
      <p className="review-summary-total">
        <strong>{t('review.summary', { done, total: statuses.length })}</strong>{' '}
        <span className="review-summary-hint">{t('review.summaryHint')}</span>
      </p>
      <div className="review-bar" aria-hidden="true">
        {counts
          .filter(({ count }) => count > 0)
          .map(({ status, count }) => (
            <span key={status} className={`review-bar-segment review-${status}`} style={{ flexGrow: count }} />
          ))}
      </div>
      <ul className="review-counts" aria-label={t('review.countsLabel')}>
        {counts.map(({ status, count }) => (
          <li key={status}>
            <span className={`review-swatch review-${status}`} aria-hidden="true" />
            {t('review.count', { status: t(`review.status.${status}`), count })}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface ReviewStatusItemProps {
  consultationId: string;
  name: string;
  view: ReviewStatusView;
  editable: boolean;
  onSaved: (view: ReviewStatusView) => void;
}

function ReviewStatusItem({ consultationId, name, view, editable, onSaved }: ReviewStatusItemProps) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  return (
    <li className="review-item">
      <span className="review-name">{name}</span>
      <ReviewStatusChip status={view.status} />
      <span className="review-by">
        {view.by !== null && view.at !== null
          ? t('review.setBy', { name: view.by.name, date: formatDate(view.at) })
          : t('review.notSet')}
      </span>
      {editable && <ReviewStatusSelect consultationId={consultationId} name={name} view={view} onSaved={onSaved} />}
    </li>
  );
}

type SaveState = { status: 'idle' } | { status: 'saving'; chosen: ReviewStatus } | { status: 'failed'; error: unknown };

/** Saves as soon as a status is chosen; shows the choice while saving, the old one on failure. */
function ReviewStatusSelect({ consultationId, name, view, onSaved }: Omit<ReviewStatusItemProps, 'editable'>) {
  const { t } = useTranslation();
  const id = useId();
  const [save, setSave] = useState<SaveState>({ status: 'idle' });
  // Not disabled while saving (that would drop keyboard focus): only the latest choice reports.
  const latest = useRef(0);

  const onChange = async (status: ReviewStatus) => {
    const request = ++latest.current;
    setSave({ status: 'saving', chosen: status });
    try {
      const saved = await setReviewStatus(consultationId, view.stakeholderId, status);
      if (request !== latest.current) return;
      onSaved(saved);
      setSave({ status: 'idle' });
    } catch (error) {
      if (request === latest.current) setSave({ status: 'failed', error });
    }
  };

  const failure =
    save.status !== 'failed'
      ? null
      : save.error instanceof ApiRequestError && save.error.status === 403
        ? t('review.forbidden')
        : errorMessage(save.error, t);

  return (
    <div className="review-change">
      <label htmlFor={id}>{t('review.change')}</label>
      <select
        id={id}
        // The visible "Change" is not enough out of context: name the stakeholder too.
        aria-label={t('review.changeLabel', { stakeholder: name })}
        value={save.status === 'saving' ? save.chosen : view.status}
        aria-describedby={failure === null ? undefined : `${id}-error`}
        onChange={(event) => {
          const chosen = REVIEW_STATUSES.find((s) => s === event.target.value);
          if (chosen !== undefined) void onChange(chosen);
        }}
      >
        {REVIEW_STATUSES.map((status) => (
          <option key={status} value={status}>
            {t(`review.status.${status}`)}
          </option>
        ))}
      </select>
      {save.status === 'saving' && (
        <span role="status" className="review-saving">
          {t('review.saving')}
        </span>
      )}
      {failure !== null && (
        <p id={`${id}-error`} role="alert" className="form-error">
          {failure}
        </p>
      )}
    </div>
  );
}
