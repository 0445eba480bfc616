import type { SessionResponse } from '@accord/shared';
import { type ComponentType, lazy, Suspense, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchSession, signOut } from './api/accordApi.ts';
import { ApiRequestError } from './api/apiClient.ts';
import { errorMessage } from './api/errorMessage.ts';
import { HomePage } from './app/HomePage.tsx';
import type { ConsultationPageProps } from './app/PageNotLoaded.tsx';
import { navigate, useRoute } from './app/router.ts';
import { useAsync } from './app/useAsync.ts';
import { SignInPage } from './auth/SignInPage.tsx';

// A consultation's pages, by route. The editor stack (Lexical, Yjs, Hocuspocus) loads with the
// first consultation, not at sign-in.
const CONSULTATION_PAGES: Record<
  'consultation' | 'matrix' | 'votes' | 'versions' | 'rounds' | 'compare' | 'audit',
  ComponentType<ConsultationPageProps>
> = {
  consultation: lazy(() =>
    import('./consultation/ConsultationPage.tsx').then((module) => ({ default: module.ConsultationPage })),
  ),
  matrix: lazy(() => import('./matrix/MatrixPage.tsx').then((module) => ({ default: module.MatrixPage }))),
  votes: lazy(() => import('./votes/VotesPage.tsx').then((module) => ({ default: module.VotesPage }))),
  versions: lazy(() => import('./versions/VersionsPage.tsx').then((module) => ({ default: module.VersionsPage }))),
  rounds: lazy(() => import('./rounds/RoundsPage.tsx').then((module) => ({ default: module.RoundsPage }))),
  compare: lazy(() => import('./versions/ComparePage.tsx').then((module) => ({ default: module.ComparePage }))),
  audit: lazy(() => import('./matrix/AuditLogPage.tsx').then((module) => ({ default: module.AuditLogPage }))),
};

/** A published version's page: one of the consultation's pages, for one version. */
const VersionPage = lazy(() =>
  import('./versions/VersionPage.tsx').then((module) => ({ default: module.VersionPage })),
);

function Loading() {
  const { t } = useTranslation();
  return (
    <main className="page-message">
      <p role="status">{t('app.loading')}</p>
    </main>
  );
}

/** What the app knows of the session: checked on load, then changed by signing in and out. */
type SessionState = { status: 'signedOut' } | { status: 'signedIn'; session: SessionResponse };

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const [check, retryCheck] = useAsync(fetchSession);
  // Null until the person signs in or out here; until then the server's answer decides.
  const [changed, setChanged] = useState<SessionState | null>(null);

  const onSessionExpired = useCallback(() => setChanged({ status: 'signedOut' }), []);
  const onSignedIn = useCallback((session: SessionResponse) => setChanged({ status: 'signedIn', session }), []);
  /** Rejects, leaving the person signed in, when the server did not end the session. */
  const onSignOut = useCallback(async () => {
    try {
      await signOut();
    } catch (error) {
      // 401: the server no longer knows the session, which is what signing out is for.
      if (!(error instanceof ApiRequestError && error.status === 401)) throw error;
    }
    setChanged({ status: 'signedOut' });
    navigate('/');
  }, []);

  let state: SessionState;
  if (changed !== null) state = changed;
  else if (check.status === 'loaded')
    state = check.data ? { status: 'signedIn', session: check.data } : { status: 'signedOut' };
  else if (check.status === 'loading') return <Loading />;
  else {
    return (
      <main className="page-message">
        <p role="alert">{errorMessage(check.error, t)}</p>
        <button type="button" onClick={retryCheck}>
          {t('errors.retry')}
        </button>
      </main>
    );
  }

  switch (state.status) {
    case 'signedOut':
      return <SignInPage onSignedIn={onSignedIn} />;
    case 'signedIn':
      switch (route.page) {
        case 'home':
          return <HomePage onSessionExpired={onSessionExpired} />;
        case 'consultation':
        case 'matrix':
        case 'votes':
        case 'versions':
        case 'rounds':
        case 'compare':
        case 'audit': {
          const Page = CONSULTATION_PAGES[route.page];
          return (
            <Suspense fallback={<Loading />}>
              <Page
                key={route.consultationId}
                consultationId={route.consultationId}
                session={state.session}
                onSignOut={onSignOut}
                onSessionExpired={onSessionExpired}
              />
            </Suspense>
          );
        }
        case 'version':
          return (
            <Suspense fallback={<Loading />}>
              <VersionPage
                key={`${route.consultationId}/${route.versionId}`}
                consultationId={route.consultationId}
                versionId={route.versionId}
                session={state.session}
                onSignOut={onSignOut}
                onSessionExpired={onSessionExpired}
              />
            </Suspense>
          );
        case 'notFound':
          return (
            <main className="page-message">
              <p role="alert">{t('app.notFound')}</p>
              <a
                href="/"
                onClick={(event) => {
                  event.preventDefault();
                  navigate('/');
                }}
              >
                {t('app.goHome')}
              </a>
            </main>
          );
      }
  }
}
