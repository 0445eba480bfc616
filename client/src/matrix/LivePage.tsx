import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type NavPage, PageHeader, useHeadingFocus } from '../app/PageHeader.tsx';
import { type ConsultationPageProps, PageNotLoaded } from '../app/PageNotLoaded.tsx';
import type { CollabSession } from '../collab/CollabSession.ts';
import { SessionWatch } from './SessionWatch.tsx';
import type { LiveLoadState } from './useLiveLoad.ts';

/** The page, for its strings (`<page>.loading`, `<page>.skipToContent`) and the link it is in the header. */
type LivePageName = 'matrix' | 'audit' | 'votes' | 'versions' | 'rounds' | 'version' | 'compare';

/** A published version and a comparison sit below the Versions page. */
const NAV_OF: Record<LivePageName, { current: NavPage; below: boolean }> = {
  matrix: { current: 'matrix', below: false },
  audit: { current: 'audit', below: false },
  votes: { current: 'votes', below: false },
  versions: { current: 'versions', below: false },
  rounds: { current: 'rounds', below: false },
  version: { current: 'versions', below: true },
  compare: { current: 'versions', below: true },
};

interface LivePageProps<T> extends ConsultationPageProps {
  page: LivePageName;
  collab: CollabSession | null;
  state: LiveLoadState<T>;
  onRetry: () => void;
  /** The page's heading (the consultation's title), and whether to link to the audit log. */
  header: (data: T) => { title: string; canReadAudit: boolean };
  /** The page's main content, once loaded. */
  children: (data: T, refreshError: unknown) => ReactNode;
}

/**
 * A page of a consultation that follows it live (the matrix, the audit log, the votes, the versions):
 * the header with the links between the consultation's pages, its data once loaded, and the
 * session watched all along.
 */
export function LivePage<T>({
  page,
  consultationId,
  session,
  onSignOut,
  onSessionExpired,
  collab,
  state,
  onRetry,
  header,
  children,
}: LivePageProps<T>) {
  const { t } = useTranslation();
  const headingRef = useHeadingFocus(state.status === 'loaded');
  const sessionWatch = <SessionWatch collab={collab} onSessionExpired={onSessionExpired} />;

  if (state.status !== 'loaded') {
    return (
      <PageNotLoaded
        state={state}
        loadingText={t(`${page}.loading`)}
        onRetry={onRetry}
        session={session}
        onSignOut={onSignOut}
      >
        {sessionWatch}
      </PageNotLoaded>
    );
  }

  const { title, canReadAudit } = header(state.data);
  return (
    <div className="page">
      <a className="skip-link" href={`#${page}-main`}>
        {t(`${page}.skipToContent`)}
      </a>
      <PageHeader
        title={title}
        session={session}
        onSignOut={onSignOut}
        headingRef={headingRef}
        nav={{ consultationId, ...NAV_OF[page], canReadAudit }}
      />
      {sessionWatch}
      <main id={`${page}-main`} className="matrix-page" tabIndex={-1}>
        {children(state.data, state.refreshError)}
      </main>
    </div>
  );
}

/** A later refresh failed: what the page shows may be out of date. */
export function RefreshFailed({ message, onRetry }: { message: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="form-error matrix-refresh-error">
      <span>{message}</span>
      <button type="button" onClick={onRetry}>
        {t('errors.retry')}
      </button>
    </div>
  );
}
