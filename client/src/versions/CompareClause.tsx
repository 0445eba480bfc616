import type { ClauseComparison, Language } from '@accord/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../app/AppLink.tsx';
import { fillSlots } from '../comments/format.ts';
import { threadPath } from '../matrix/links.ts';
import type { CompareView } from './compareQuery.ts';
import { DiffText } from './DiffText.tsx';
import { clauseBadges, numberText, sideParts } from './format.ts';

// The Chinese text reads first, then the English: the order of the framework as circulated.
export const COLUMN_ORDER: readonly Language[] = ['zh', 'en'];

export interface CompareClauseProps {
  clause: ClauseComparison;
  view: CompareView;
  consultationId: string;
  /** The two sides as the column labels name them ("Revised draft", "Current draft"). */
  fromName: string;
  toName: string;
  /** A thread's number ("#3") where the thread store knows it. */
  threadNumber: (threadId: string) => number | null;
}

/**
 * One clause of a comparison: its number(s), what happened to it (badges), each language's word
 * diff inline or side by side, and the threads whose accepted wording changed it. The `data-*`
 * attributes are the hooks end-to-end tests find it by.
 */
export function CompareClause({ clause, view, consultationId, fromName, toName, threadNumber }: CompareClauseProps) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <article
      className={`compare-clause compare-clause-${clause.status}`}
      data-testid="compare-clause"
      data-clause-id={clause.clauseId}
      data-status={clause.status}
      data-moved={String(clause.moved)}
      data-renumbered={String(clause.renumbered)}
      aria-labelledby={headingId}
    >
      <header className="compare-clause-header">
        <h4 id={headingId}>{t('compare.clause', { number: numberText(clause) })}</h4>
        <ClauseBadges clause={clause} />
      </header>
      {COLUMN_ORDER.map((language) => (
        <LanguageChanges
          key={language}
          language={language}
          clause={clause}
          view={view}
          fromName={fromName}
          toName={toName}
        />
      ))}
      {clause.threadIds.length > 0 && (
        <ul className="compare-threads">
          {clause.threadIds.map((threadId) => {
            const number = threadNumber(threadId);
            const link = (
              <AppLink data-testid="compare-thread-link" href={threadPath(consultationId, threadId)}>
                {number === null ? t('compare.threadUnknown') : t('compare.threadNumber', { number })}
              </AppLink>
            );
            return (
              <li key={threadId}>
                {fillSlots(number === null ? t('compare.changedByUnknown') : t('compare.changedBy'), { thread: link })}
              </li>
            );
          })}
        </ul>
      )}
    </article>
  );
}

function LanguageChanges({
  language,
  clause,
  view,
  fromName,
  toName,
}: {
  language: Language;
  clause: ClauseComparison;
  view: CompareView;
  fromName: string;
  toName: string;
}) {
  const { t } = useTranslation();
  const { changed, parts } = clause.text[language];
  const name = t(`language.${language}`);
  // A text the same on both sides (or on the one side there is) shows once, plain.
  if (!changed || clause.status === 'added' || clause.status === 'removed') {
    const sameOnBoth = !changed && clause.status !== 'added' && clause.status !== 'removed';
    return (
      <div className={`compare-language${sameOnBoth ? ' is-unchanged' : ''}`}>
        <p className="compare-language-name">
          {name}
          {sameOnBoth && <span className="compare-unchanged-note"> · {t('compare.unchangedText')}</span>}
        </p>
        <DiffText parts={parts} language={language} />
      </div>
    );
  }
  return (
    <div className="compare-language">
      <p className="compare-language-name">{name}</p>
      {view === 'inline' ? (
        <DiffText parts={parts} language={language} />
      ) : (
        <div className="compare-sides">
          <div className="compare-side compare-side-from">
            <p className="compare-side-label">{t('compare.fromSide', { name: fromName })}</p>
            <DiffText parts={sideParts(parts, 'from')} language={language} />
          </div>
          <div className="compare-side compare-side-to">
            <p className="compare-side-label">{t('compare.toSide', { name: toName })}</p>
            <DiffText parts={sideParts(parts, 'to')} language={language} />
          </div>
        </div>
      )}
    </div>
  );
}

/** What happened to a clause (changed, moved, renumbered…) as a list of badges; nothing when nothing did. */
export function ClauseBadges({ clause }: { clause: ClauseComparison }) {
  const { t } = useTranslation();
  const badges = clauseBadges(clause);
  if (badges.length === 0) return null;
  return (
    <ul className="compare-badges" aria-label={t('compare.badgesLabel')}>
      {badges.map((badge) => (
        <li key={badge} className={`compare-badge compare-kind-${badge}`}>
          {t(`compare.status.${badge}`)}
        </li>
      ))}
    </ul>
  );
}
