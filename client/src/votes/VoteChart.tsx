import type { VoteTally } from '@accord/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { chartLabel, chartSegments, TALLY_ORDER, type TallyChoice, tallyCount } from './format.ts';

/**
 * The tally at a glance: one horizontal bar over the member states, stacked agree / object /
 * abstain / not voted, and the counts in words beside it. Each choice has its colour and its
 * own pattern (solid, stripes, dots, empty), and the legend names them: nothing relies on colour
 * alone. The bar is an image whose text alternative gives every count.
 */
export function VoteChart({ tally }: { tally: VoteTally }) {
  const { t } = useTranslation();
  // Pattern ids must be valid in `url(#…)`: keep letters and digits only.
  const prefix = `vote-chart-${useId().replace(/[^A-Za-z0-9]/g, '')}`;
  const fillOf = (choice: TallyChoice) => `url(#${prefix}-${choice})`;
  const segments = chartSegments(tally);
  const label = (choice: TallyChoice) => (choice === 'none' ? t('votes.chart.notVoted') : t(`votes.choice.${choice}`));

  return (
    <div className="vote-chart-row">
      <svg
        className="vote-chart"
        data-testid="vote-chart"
        role="img"
        aria-label={chartLabel(tally, t)}
        width="100%"
        height="20"
      >
        <defs>
          <pattern id={`${prefix}-agree`} width="6" height="6" patternUnits="userSpaceOnUse">
            <rect width="6" height="6" className="vote-fill-agree" />
          </pattern>
          <pattern
            id={`${prefix}-object`}
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" className="vote-fill-object" />
            <rect width="2" height="6" className="vote-fill-stripe" />
          </pattern>
          <pattern id={`${prefix}-abstain`} width="6" height="6" patternUnits="userSpaceOnUse">
            <rect width="6" height="6" className="vote-fill-abstain" />
            <circle cx="3" cy="3" r="1.2" className="vote-fill-dot" />
          </pattern>
          <pattern id={`${prefix}-none`} width="6" height="6" patternUnits="userSpaceOnUse">
            <rect width="6" height="6" className="vote-fill-none" />
          </pattern>
        </defs>
        {segments.map((segment) => (
          <rect
            key={segment.choice}
            className={`vote-segment vote-segment-${segment.choice}`}
            x={`${segment.start}%`}
            y="0"
            width={`${segment.width}%`}
            height="20"
            fill={fillOf(segment.choice)}
          />
        ))}
      </svg>
      <ul className="vote-legend" aria-label={t('votes.chart.legendLabel')}>
        {TALLY_ORDER.map((choice) => (
          <li key={choice} className={`vote-legend-item vote-legend-${choice}`}>
            <svg className="vote-swatch" width="14" height="14" aria-hidden="true">
              <rect x="0.5" y="0.5" width="13" height="13" fill={fillOf(choice)} className="vote-swatch-frame" />
            </svg>
            {t('votes.chart.count', { choice: label(choice), count: tallyCount(tally, choice) })}
          </li>
        ))}
      </ul>
    </div>
  );
}
