import './versions.css';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../app/AppLink.tsx';
import { comparePath, versionPath } from '../app/router.ts';
import type { CollabSession } from '../collab/CollabSession.ts';
import { fillSlots } from '../comments/format.ts';
import { useDayFormat } from '../i18n/useDateTimeFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { sinceVersionSearch } from './compareQuery.ts';
import { versionTitle } from './format.ts';
import { useLatestVersion, useVersionStore } from './useVersions.ts';

/**
 * On the framework page, once a version exists: "Last published version: <title> (<date>) — See
 * what changed since", the title opening the version and the link its comparison with the draft.
 * Follows new versions live; says nothing while there is none, or if the list could not load.
 */
export function LatestVersion({ consultationId, collab }: { consultationId: string; collab: CollabSession }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const formatDay = useDayFormat();
  const store = useVersionStore(consultationId, collab);
  const latest = useLatestVersion(store);
  if (latest === undefined) return null;
  const title = versionTitle(latest.title, language, t);
  return (
    <p className="latest-version" data-testid="latest-version">
      {fillSlots(t('versions.latest.label'), {
        version: (
          <AppLink href={versionPath(consultationId, latest.id)} lang={title.lang}>
            {title.text}
          </AppLink>
        ),
        date: <time dateTime={new Date(latest.publishedAt).toISOString()}>{formatDay(latest.publishedAt)}</time>,
        since: (
          <AppLink href={comparePath(consultationId, sinceVersionSearch(latest.id))}>
            {t('versions.latest.since')}
          </AppLink>
        ),
      })}
    </p>
  );
}
