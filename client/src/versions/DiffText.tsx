import type { DiffPart, Language } from '@accord/shared';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Runs of a word diff: kept text as is, inserted text in `<ins>`, deleted text in `<del>`. Each
 * change is marked three ways, so that colour is never the only cue: a tint, a line (underlined,
 * struck through), and words for screen readers ("insertion: … end of insertion") just outside
 * the element, whose text stays the changed text alone.
 */
export function DiffRuns({ parts }: { parts: readonly DiffPart[] }) {
  const { t } = useTranslation();
  return parts.map((part, index) => {
    // Runs never move: their index is their identity.
    const key = index;
    if (part.op === 'same') return <Fragment key={key}>{part.text}</Fragment>;
    const [start, end] =
      part.op === 'insert'
        ? [t('compare.diff.insertStart'), t('compare.diff.insertEnd')]
        : [t('compare.diff.deleteStart'), t('compare.diff.deleteEnd')];
    const Change = part.op === 'insert' ? 'ins' : 'del';
    return (
      <Fragment key={key}>
        <span className="visually-hidden">{`${start} `}</span>
        <Change className={`diff-${part.op}`}>{part.text}</Change>
        <span className="visually-hidden">{` ${end} `}</span>
      </Fragment>
    );
  });
}

/** A text with its changes marked, in its language; a blank text says so. */
export function DiffText({ parts, language }: { parts: readonly DiffPart[]; language: Language }) {
  const { t } = useTranslation();
  const blank = parts.every((part) => part.text.trim() === '');
  if (blank) return <div className="diff-text diff-blank">{t('version.emptyText')}</div>;
  return (
    <div className="diff-text" lang={language}>
      <DiffRuns parts={parts} />
    </div>
  );
}
