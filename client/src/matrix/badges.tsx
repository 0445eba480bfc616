import type { ResponseStatus, ReviewStatus } from '@accord/shared';
import { useTranslation } from 'react-i18next';

/** A review status as a coloured chip; the word carries the meaning, the colour helps scanning. */
export function ReviewStatusChip({ status }: { status: ReviewStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status-chip review-${status}`}>
      <span className="status-chip-dot" aria-hidden="true" />
      {t(`review.status.${status}`)}
    </span>
  );
}

/** The secretariat's response as a coloured badge; `none`: not answered yet. */
export function ResponseBadge({ status }: { status: ResponseStatus | 'none' }) {
  const { t } = useTranslation();
  return <span className={`status-chip response-${status}`}>{t(`matrix.response.${status}`)}</span>;
}
