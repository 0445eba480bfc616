import type { VersionSummary } from '@accord/shared';
import { useTranslation } from 'react-i18next';
import { fillSlots } from '../comments/format.ts';

/** "Published by Li Wei on 14 Aug 2017, 10:00 · 42 clauses, 17 threads". */
export function VersionFacts({ version, formatDate }: { version: VersionSummary; formatDate: (at: number) => string }) {
  const { t } = useTranslation();
  return (
    <p className="version-meta">
      {fillSlots(t('versions.publishedBy', { name: version.publishedBy.name }), {
        time: <time dateTime={new Date(version.publishedAt).toISOString()}>{formatDate(version.publishedAt)}</time>,
      })}{' '}
      <span aria-hidden="true">·</span>{' '}
      {t('versions.counts', {
        clauses: t('versions.clauseCount', { count: version.clauseCount }),
        threads: t('versions.threadCount', { count: version.threadCount }),
      })}
    </p>
  );
}
