import type { SessionResponse } from '@accord/shared';
import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { signIn } from '../api/accordApi.ts';
import { ApiRequestError } from '../api/apiClient.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { LanguageSwitch } from '../i18n/LanguageSwitch.tsx';

interface SignInPageProps {
  onSignedIn: (session: SessionResponse) => void;
}

/** Why the last attempt failed; kept as data so the message follows a language switch. */
type Failure = { kind: 'missingFields' } | { kind: 'refused'; error: unknown };

function failureMessage(failure: Failure, t: TFunction): string {
  if (failure.kind === 'missingFields') return t('signIn.missingFields');
  const { error } = failure;
  if (!(error instanceof ApiRequestError)) return errorMessage(error, t);
  if (error.status === 401) return t('signIn.invalidCredentials');
  if (error.status === 429) {
    // The server's message is English; its Retry-After says the same in a form we can translate.
    if (error.retryAfterSeconds === null) return t('signIn.tooManyAttempts');
    return t('signIn.tooManyAttemptsWait', { count: Math.ceil(error.retryAfterSeconds / 60) });
  }
  if (error.status === 400) return t('signIn.missingFields');
  return errorMessage(error, t);
}

export function SignInPage({ onSignedIn }: SignInPageProps) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const emailId = useId();
  const passwordId = useId();
  const errorId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headingRef.current?.focus(), []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    if (email.trim() === '' || password === '') {
      setFailure({ kind: 'missingFields' });
      return;
    }
    setSubmitting(true);
    setFailure(null);
    try {
      const session = await signIn({ email: email.trim(), password });
      onSignedIn(session);
    } catch (error) {
      setSubmitting(false);
      setPassword('');
      setFailure({ kind: 'refused', error });
    }
  }

  return (
    <div className="sign-in-page">
      <header className="sign-in-header">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main className="sign-in-main">
        <h1 ref={headingRef} tabIndex={-1}>
          {t('signIn.title')}
        </h1>
        <p className="sign-in-intro">{t('signIn.intro')}</p>
        <form className="sign-in-form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={emailId}>{t('signIn.email')}</label>
            <input
              id={emailId}
              name="email"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={failure !== null}
              aria-describedby={failure !== null ? errorId : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor={passwordId}>{t('signIn.password')}</label>
            <input
              id={passwordId}
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={failure !== null}
              aria-describedby={failure !== null ? errorId : undefined}
            />
          </div>
          {failure !== null && (
            <p id={errorId} role="alert" className="form-error">
              {failureMessage(failure, t)}
            </p>
          )}
          <button type="submit" className="primary" disabled={submitting}>
            {submitting ? t('signIn.submitting') : t('signIn.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
