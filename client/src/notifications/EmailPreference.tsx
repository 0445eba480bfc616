import { EMAIL_MODES, type EmailMode, type NotificationPreferencesResponse } from '@accord/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { useAsync } from '../app/useAsync.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { describeNotificationError, digestTimes } from './format.ts';
import { fetchNotificationPreferences, saveNotificationPreferences } from './notificationsApi.ts';

/** The e-mail choice, loaded when the panel opens. */
export function EmailPreference() {
  const { t } = useTranslation();
  const [load, retry] = useAsync(fetchNotificationPreferences);
  if (load.status === 'loading') return <p className="notifications-message">{t('notifications.email.loading')}</p>;
  if (load.status === 'failed') {
    return (
      <div role="alert" className="form-error notifications-error">
        <span>
          {t('notifications.email.loadFailed')} {describeNotificationError(load.error, t)}
        </span>
        <button type="button" onClick={retry}>
          {t('errors.retry')}
        </button>
      </div>
    );
  }
  return <EmailPreferenceForm loaded={load.data} save={saveNotificationPreferences} />;
}

export interface EmailPreferenceFormProps {
  loaded: NotificationPreferencesResponse;
  save: (email: EmailMode) => Promise<NotificationPreferencesResponse>;
}

/**
 * Off / Immediately / Daily digest, saved as soon as chosen (the latest choice wins); the address
 * and the digest's hour in the reader's time. Without e-mail on this server the choices are
 * disabled and say why.
 */
export function EmailPreferenceForm({ loaded, save }: EmailPreferenceFormProps) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const name = useId();
  const noteId = useId();
  const [saved, setSaved] = useState(loaded);
  const [chosen, setChosen] = useState<EmailMode>(loaded.email);
  const [state, setState] = useState<{ status: 'idle' | 'saving' | 'saved' } | { status: 'failed'; error: unknown }>({
    status: 'idle',
  });
  const latest = useRef(0);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const choose = async (email: EmailMode) => {
    latest.current += 1;
    const request = latest.current;
    setChosen(email);
    setState({ status: 'saving' });
    try {
      const answer = await save(email);
      if (!mounted.current || request !== latest.current) return;
      setSaved(answer);
      setChosen(answer.email);
      setState({ status: 'saved' });
    } catch (error) {
      if (!(error instanceof ApiRequestError)) console.error(error);
      if (!mounted.current || request !== latest.current) return;
      setChosen(saved.email);
      setState({ status: 'failed', error });
    }
  };

  const available = saved.emailAvailable;
  const [localTime, utcTime] = digestTimes(saved.digestHourUtc, language);
  return (
    <fieldset
      className="notifications-email"
      aria-describedby={noteId}
      aria-busy={state.status === 'saving'}
      data-testid="notifications-email"
    >
      <legend>{t('notifications.email.legend')}</legend>
      <div className="notifications-email-choices">
        {EMAIL_MODES.map((mode) => (
          <label key={mode}>
            <input
              type="radio"
              name={name}
              value={mode}
              checked={chosen === mode}
              disabled={!available}
              onChange={() => void choose(mode)}
            />{' '}
            {t(`notifications.email.${mode}`)}
          </label>
        ))}
      </div>
      <div id={noteId} className="notifications-email-note">
        {available ? (
          <>
            <p>{t('notifications.email.address', { address: saved.emailAddress })}</p>
            <p>{t('notifications.email.digestAt', { time: localTime, utc: utcTime })}</p>
          </>
        ) : (
          <p data-testid="notifications-email-unavailable">{t('notifications.email.unavailable')}</p>
        )}
      </div>
      <p className="notifications-email-state" aria-live="polite">
        {state.status === 'saving'
          ? t('notifications.email.saving')
          : state.status === 'saved'
            ? t('notifications.email.saved')
            : ''}
      </p>
      {state.status === 'failed' && (
        <p role="alert" className="form-error">
          {t('notifications.email.saveFailed')} {describeNotificationError(state.error, t)}
        </p>
      )}
    </fieldset>
  );
}
