import './translations.css';
import type { TranslationStatus } from '@accord/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStoreAction } from '../app/useStoreAction.ts';
import { fillSlots } from '../comments/format.ts';
import { useDayFormat } from '../i18n/useDateTimeFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { DiffText } from '../versions/DiffText.tsx';
import { versionTitle } from '../versions/format.ts';
import { describeTranslationError, sinceKey } from './format.ts';
import { confirmTranslation } from './translationsApi.ts';
import { type TranslationsEnv, useOptionalTranslations } from './translationsContext.ts';
import { useTranslationStatusOf } from './useTranslationStatus.ts';

/**
 * Under a clause whose translation is out of date: which language, since when (a confirmation,
 * or the published version), the change that caused it, and for those entitled "Confirm the two
 * languages are in line". Nothing when in line, or outside the framework page.
 */
export function ClauseTranslationStatus({ clauseId, number }: { clauseId: string; number: string }) {
  const env = useOptionalTranslations();
  if (env === null) return null;
  return <StatusOf env={env} clauseId={clauseId} number={number} />;
}

function StatusOf({ env, clauseId, number }: { env: TranslationsEnv; clauseId: string; number: string }) {
  const { t } = useTranslation();
  const status = useTranslationStatusOf(env.store, clauseId);
  const action = useStoreAction(env.store, describeTranslationError);
  // Said once the confirmation is in; the badge itself is gone by then.
  const [confirmed, setConfirmed] = useState(false);

  if (status === undefined || status.state === 'in_line') {
    return confirmed ? (
      <p className="translation-confirmed" role="status">
        {t('translations.confirmed', { number })}
      </p>
    ) : null;
  }
  const onConfirm = async () => {
    const current = status.current;
    if (current === null || action.pending) return;
    setConfirmed(false);
    const answer = await action.run(() => confirmTranslation(env.consultationId, clauseId, current));
    if (answer !== null) {
      setConfirmed(true);
      env.noteConfirmed(clauseId);
    }
  };
  return (
    <div className="translation-status" data-testid="translation-status" data-state={status.state}>
      <p className="translation-state">
        <span className="translation-icon" aria-hidden="true">
          ⚠
        </span>{' '}
        <strong>{t(`translations.state.${status.state}`)}</strong> <Since status={status} />
      </p>
      {status.change !== null && (
        <details className="translation-change">
          <summary>{t('translations.change.show', { language: t(`language.${status.change.language}`) })}</summary>
          <DiffText parts={status.change.parts} language={status.change.language} />
        </details>
      )}
      {env.canConfirm && status.current !== null && (
        <button type="button" className="translation-confirm" onClick={onConfirm} disabled={action.pending}>
          {action.pending ? t('translations.confirming') : t('translations.confirm')}
        </button>
      )}
      {action.error !== null && (
        <p role="alert" className="form-error">
          {action.error}
        </p>
      )}
    </div>
  );
}

function Since({ status }: { status: TranslationStatus }) {
  const { t } = useTranslation();
  const formatDay = useDayFormat();
  const [language] = useLanguage();
  const env = useOptionalTranslations();
  const key = sinceKey(status);
  if (key === null) return null;
  if (status.confirmedAt !== null) {
    const date = <time dateTime={new Date(status.confirmedAt).toISOString()}>{formatDay(status.confirmedAt)}</time>;
    return <>{fillSlots(t(key, { name: status.confirmedBy?.name ?? '' }), { date })}</>;
  }
  const version = env?.store.getVersion() ?? null;
  return <>{t(key, { title: version === null ? '' : versionTitle(version.title, language, t).text })}</>;
}
