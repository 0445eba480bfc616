import type { Comparison, ComparisonSummary } from '@accord/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { summaryBar } from './format.ts';

const CHIPS = [
  'changed',
  'added',
  'removed',
  'moved',
  'renumbered',
  'unchanged',
] as const satisfies readonly (keyof ComparisonSummary)[];

/**
 * The comparison at a glance: a stacked bar over all the clauses (drawn: changed, added,
 * removed, moved, unchanged, each with its colour and pattern) and the same counts as words
 * (read), one chip each, with a swatch matching the bar.
 */
export function CompareSummary({ comparison }: { comparison: Comparison }) {
  const { t } = useTranslation();
  const headingId = useId();
  const { summary, clauses } = comparison;
  const segments = summaryBar(clauses);
  return (
    <section className="compare-summary" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('compare.summary.heading')}</h3>
      <p className="compare-summary-total">{t('compare.summary.total', { count: clauses.length })}</p>
      {segments.length > 0 && (
        <div className="compare-bar" data-testid="compare-summary-bar" aria-hidden="true">
          {segments.map((segment) => (
            <span
              key={segment.kind}
              className={`compare-bar-segment compare-kind-${segment.kind}`}
              style={{ flexGrow: segment.count }}
            />
          ))}
        </div>
      )}
      <ul className="compare-chips" aria-label={t('compare.summary.label')}>
        {CHIPS.map((kind) => (
          <li key={kind} className={`compare-chip compare-kind-${kind}${summary[kind] === 0 ? ' is-zero' : ''}`}>
            <span className="compare-swatch" aria-hidden="true" />
            {t('compare.summary.count', { label: t(`compare.status.${kind}`), count: summary[kind] })}
          </li>
        ))}
      </ul>
    </section>
  );
}
