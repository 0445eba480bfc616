import type { Language, NumberedSection } from '@accord/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../i18n/useLanguage.ts';
import { ClauseEditor } from './ClauseEditor.tsx';

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

function SectionView({ section, editing }: { section: NumberedSection; editing: ClauseEditingProps }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const headingId = useId();
  const Heading = section.depth === 0 ? 'h2' : 'h3';
  const other = otherLanguage(language);
  return (
    <section className={`section section-depth-${section.depth}`} aria-labelledby={headingId}>
      <Heading id={headingId} className="section-heading">
        <span className="section-number">{section.number}</span> <span>{section.title[language]}</span>{' '}
        <span className="section-title-other" lang={other}>
          {section.title[other]}
        </span>
      </Heading>
      {section.clauses.map((clause) => (
        // A fieldset: the clause's two texts are one group of fields, named by the clause number.
        <fieldset
          key={clause.id}
          className="clause"
          aria-label={t('consultation.clauseRowLabel', { number: clause.number })}
        >
          <div className="clause-number" aria-hidden="true">
            {clause.number}
          </div>
          {COLUMN_ORDER.map((textLanguage) => (
            <ClauseEditor
              key={textLanguage}
              clauseId={clause.id}
              number={clause.number}
              language={textLanguage}
              {...editing}
            />
          ))}
        </fieldset>
      ))}
      {section.children.map((child) => (
        <SectionView key={child.id} section={child} editing={editing} />
      ))}
    </section>
  );
}

/** Numbered sections and, in each, the clauses with their Chinese and English texts side by side. */
export function FrameworkOutline({ outline, editing }: { outline: NumberedSection[]; editing: ClauseEditingProps }) {
  const { t } = useTranslation();
  return (
    <div className="framework">
      <div className="column-headings" aria-hidden="true">
        <span />
        {COLUMN_ORDER.map((language) => (
          <span key={language}>{t(`language.${language}`)}</span>
        ))}
      </div>
      {outline.map((section) => (
        <SectionView key={section.id} section={section} editing={editing} />
      ))}
    </div>
  );
}
