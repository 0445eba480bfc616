import type { RestoreVersionResponse } from '@accord/shared';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { AppLink } from '../app/AppLink.tsx';
import { comparePath, consultationPath, versionPath } from '../app/router.ts';
import { fillSlots } from '../comments/format.ts';
import { FormError, TwoStepAction } from '../comments/forms.tsx';
import { useLanguage } from '../i18n/useLanguage.ts';
import { compareSearch } from './compareQuery.ts';
import { describeVersionError, versionTitle } from './format.ts';
import { restoreVersion } from './versionsApi.ts';

/**
 * The secretariat starts a new draft from this version, in two steps: "Start a new draft from
 * this version", then the same button asks to confirm, saying what happens (the current draft is
 * published as a version first; open editors change under their users' eyes). Cancel or Escape
 * steps back. Once done, a message says how many clauses changed and links to the saved draft
 * and to the framework.
 */
export function RestoreVersion({ consultationId, versionId }: { consultationId: string; versionId: string }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const headingId = useId();
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<RestoreVersionResponse | null>(null);

  const cancel = () => {
    setConfirming(false);
    setError(null);
  };
  const onClick = async () => {
    if (pending) return;
    if (!confirming) {
      setConfirming(true);
      setDone(null);
      setError(null);
      return;
    }
    setPending(true);
    setError(null);
    try {
      setDone(await restoreVersion(consultationId, versionId));
      setConfirming(false);
    } catch (caught) {
      if (!(caught instanceof ApiRequestError)) console.error(caught);
      setError(describeVersionError(caught, t));
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="version-restore" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('version.restore.heading')}</h3>
      <p className="version-restore-explanation">{t('version.restore.explanation')}</p>
      <TwoStepAction
        confirming={confirming}
        pending={pending}
        question={t('version.restore.question')}
        questionClassName="version-restore-question"
        labels={{
          start: t('version.restore.button'),
          confirm: t('version.restore.confirm'),
          cancel: t('version.restore.cancel'),
          pending: t('version.restore.pending'),
        }}
        onActivate={() => void onClick()}
        onCancel={cancel}
      />
      <FormError message={error} />
      <div role="status" className="version-restored-status">
        {done !== null && (
          <>
            <p>{t('version.restore.done', { count: done.changedClauses })}</p>
            <p>
              {fillSlots(t('version.restore.backup'), {
                version: (
                  <AppLink href={versionPath(consultationId, done.backup.id)}>
                    <span lang={versionTitle(done.backup.title, language, t).lang}>
                      {versionTitle(done.backup.title, language, t).text}
                    </span>
                  </AppLink>
                ),
              })}
            </p>
            <p>
              <AppLink
                href={comparePath(
                  consultationId,
                  compareSearch({ from: done.backup.id, to: done.result.id, view: 'side', onlyChanged: true }),
                )}
              >
                {t('version.restore.whatChanged')}
              </AppLink>
            </p>
            <p>
              <AppLink href={consultationPath(consultationId)}>{t('version.restore.openDraft')}</AppLink>
            </p>
          </>
        )}
      </div>
    </section>
  );
}
