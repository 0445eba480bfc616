import type { LocalizedText, VersionSummary } from '@accord/shared';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../app/AppLink.tsx';
import { versionPath } from '../app/router.ts';
import { fillSlots } from '../comments/format.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { versionTitle } from './format.ts';

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

/** "Restored from [version]", the link named by that version's title when it is known here. */
export function RestoredFrom({
  consultationId,
  versionId,
  title,
}: {
  consultationId: string;
  versionId: string;
  title?: LocalizedText | undefined;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  return (
    <p className="version-restored">
      {fillSlots(t('versions.restoredFrom'), {
        version: (
          <AppLink href={versionPath(consultationId, versionId)}>
            {title === undefined ? t('versions.restoredFromUnknown') : versionTitle(title, language, t).text}
          </AppLink>
        ),
      })}
    </p>
  );
}
