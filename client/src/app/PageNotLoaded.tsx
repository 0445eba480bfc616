import type { SessionResponse } from '@accord/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { PageHeader, type PageHeaderProps } from './PageHeader.tsx';

/** What App passes to each page of a consultation: the framework, the matrix, the audit log. */
export interface ConsultationPageProps {
  consultationId: string;
  session: SessionResponse;
  /** Rejects when the server did not end the session: the person is still signed in. */
  onSignOut: () => Promise<void>;
  /** The server no longer knows the session (401): back to sign-in. */
  onSessionExpired: () => void;
}

interface PageNotLoadedProps extends Pick<PageHeaderProps, 'session' | 'onSignOut' | 'confirmSignOut'> {
  state: { status: 'loading' } | { status: 'failed'; error: unknown };
  /** "Loading the comments matrix…" */
  loadingText: string;
  onRetry: () => void;
  /** Whatever else the page keeps running meanwhile. */
  children?: ReactNode;
}

/**
 * A consultation's page until its data is there: the header, and "loading" or why it failed,
 * with a retry unless the consultation is not there (or not for this person). Signed out (401)
 * reads as loading: sign-in takes over.
 */
export function PageNotLoaded({ state, loadingText, onRetry, children, ...header }: PageNotLoadedProps) {
  const { t } = useTranslation();
  const failed = state.status === 'failed' ? state.error : null;
  const expired = failed instanceof ApiRequestError && failed.status === 401;
  const notFound = failed instanceof ApiRequestError && (failed.status === 404 || failed.status === 403);
  return (
    <div className="page">
      <PageHeader title={t('app.name')} {...header} />
      <main className="page-message">
        {state.status === 'loading' || expired ? (
          <p role="status">{loadingText}</p>
        ) : (
          <>
            <p role="alert">{notFound ? t('consultation.notFound') : errorMessage(state.error, t)}</p>
            {!notFound && (
              <button type="button" onClick={onRetry}>
                {t('errors.retry')}
              </button>
            )}
          </>
        )}
      </main>
      {children}
    </div>
  );
}
