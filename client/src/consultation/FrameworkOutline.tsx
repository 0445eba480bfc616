import type { Language, LocalizedText, NumberedClause, NumberedSection } from '@accord/shared';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ClauseThreadActions } from '../comments/ClauseThreadActions.tsx';
import { clauseElementId } from '../comments/commentsContext.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { ClauseTranslationStatus } from '../translations/ClauseTranslationStatus.tsx';
import { useShownClauseIds } from '../translations/TranslationFilter.tsx';
import { ClauseVoteCall, ClauseVotes } from '../votes/SubjectVotes.tsx';
import { ClauseText } from './ClauseText.tsx';
import { useNearViewport } from './useNearViewport.ts';

export interface ClauseEditingProps {
  consultationId: string;
  editable: boolean;
  username: string;
  cursorColor: string;
}

// The Chinese text reads first, then the English: the order of the framework as circulated.
const COLUMN_ORDER: readonly Language[] = ['zh', 'en'];

function otherLanguage(language: Language): Language {
  return language === 'en' ? 'zh' : 'en';
}

/** Clause texts as of their last save, by clause id (`ConsultationResponse.clauseTexts`). */
type ClauseTexts = Record<string, LocalizedText>;

const NO_TEXT: LocalizedText = { en: '', zh: '' };

/**
 * One clause: its number, then its Chinese and English texts. Both editors mount when the row
 * comes near the viewport (or someone goes for one of its texts) and then stay mounted, even
 * scrolled far away: simpler, and no churn of documents opened and closed while scrolling.
 */
function ClauseRow({
  clause,
  text,
  editing,
  headingLevel,
  hidden,
}: {
  clause: NumberedClause;
  text: LocalizedText;
  editing: ClauseEditingProps;
  /** For what the row holds with headings (votes): one below its section's heading. */
  headingLevel: 3 | 4;
  /** Left out by a filter: kept mounted (its editors stay in sync), not shown. */
  hidden: boolean;
}) {
  const { t } = useTranslation();
  const rowRef = useRef<HTMLFieldSetElement>(null);
  const near = useNearViewport(rowRef);
  const [activated, setActivated] = useState(false);
  const live = near || activated;
  return (
    // A fieldset: the clause's two texts are one group of fields, named by the clause number.
    <fieldset
      ref={rowRef}
      id={clauseElementId(clause.id)}
      className="clause"
      hidden={hidden}
      aria-label={t('consultation.clauseRowLabel', { number: clause.number })}
    >
      <div className="clause-number" aria-hidden="true">
        {clause.number}
      </div>
      {COLUMN_ORDER.map((textLanguage) => (
        <ClauseText
          key={textLanguage}
          clauseId={clause.id}
          number={clause.number}
          language={textLanguage}
          previewText={text[textLanguage]}
          live={live}
          onActivate={() => setActivated(true)}
          {...editing}
        />
      ))}
      <ClauseTranslationStatus clauseId={clause.id} number={clause.number} />
      <ClauseThreadActions
        clauseId={clause.id}
        number={clause.number}
        extra={<ClauseVoteCall clauseId={clause.id} headingLevel={headingLevel} />}
      />
      <ClauseVotes clauseId={clause.id} headingLevel={headingLevel} />
    </fieldset>
  );
}

/** Whether a section holds a shown clause, itself or below (every section does without a filter). */
function sectionShown(section: NumberedSection, shown: ReadonlySet<string> | null): boolean {
  if (shown === null) return true;
  return section.clauses.some((clause) => shown.has(clause.id)) || section.children.some((c) => sectionShown(c, shown));
}

function SectionView({
  section,
  clauseTexts,
  editing,
  shown,
}: {
  section: NumberedSection;
  clauseTexts: ClauseTexts;
  editing: ClauseEditingProps;
  /** The clauses a filter shows (null: all). */
  shown: ReadonlySet<string> | null;
}) {
  const [language] = useLanguage();
  const headingId = useId();
  const Heading = section.depth === 0 ? 'h2' : 'h3';
  const other = otherLanguage(language);
  return (
    <section
      className={`section section-depth-${section.depth}`}
      aria-labelledby={headingId}
      hidden={!sectionShown(section, shown)}
    >
      <Heading id={headingId} className="section-heading">
        <span className="section-number">{section.number}</span> <span>{section.title[language]}</span>{' '}
        <span className="section-title-other" lang={other}>
          {section.title[other]}
        </span>
      </Heading>
      {section.clauses.map((clause) => (
        <ClauseRow
          key={clause.id}
          clause={clause}
          text={clauseTexts[clause.id] ?? NO_TEXT}
          editing={editing}
          headingLevel={section.depth === 0 ? 3 : 4}
          hidden={shown !== null && !shown.has(clause.id)}
        />
      ))}
      {section.children.map((child) => (
        <SectionView key={child.id} section={child} clauseTexts={clauseTexts} editing={editing} shown={shown} />
      ))}
    </section>
  );
}

/** Numbered sections and, in each, the clauses with their Chinese and English texts side by side. */
export function FrameworkOutline({
  outline,
  clauseTexts,
  editing,
}: {
  outline: NumberedSection[];
  clauseTexts: ClauseTexts;
  editing: ClauseEditingProps;
}) {
  const { t } = useTranslation();
  const shown = useShownClauseIds();
  return (
    <div className="framework">
      <div className="column-headings" aria-hidden="true">
        <span />
        {COLUMN_ORDER.map((language) => (
          <span key={language}>{t(`language.${language}`)}</span>
        ))}
      </div>
      {outline.map((section) => (
        <SectionView key={section.id} section={section} clauseTexts={clauseTexts} editing={editing} shown={shown} />
      ))}
    </div>
  );
}
