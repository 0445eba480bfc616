import { type Actor, outlineFramework, type SessionResponse } from '@accord/shared';
import { LexicalCollaboration } from '@lexical/react/LexicalCollaborationContext';
import { type ReactNode, useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchConsultation } from '../api/accordApi.ts';
import { ApiRequestError } from '../api/apiClient.ts';
import { PageHeader, useHeadingFocus } from '../app/PageHeader.tsx';
import { type ConsultationPageProps, PageNotLoaded } from '../app/PageNotLoaded.tsx';
import { useAsync } from '../app/useAsync.ts';
import { cursorColor } from '../collab/cursorColor.ts';
import { presenceUserOf } from '../collab/presenceUser.ts';
import {
  CollabSessionContext,
  useCollabSession,
  useConfirmLeavingWithUnsavedChanges,
} from '../collab/useCollabSession.ts';
import { CommentsProvider, useThreadPanelOpen } from '../comments/CommentsProvider.tsx';
import { ThreadPanel } from '../comments/ThreadPanel.tsx';
import { useLanguage } from '../i18n/useLanguage.ts';
import { RoundBanner } from '../rounds/RoundBanner.tsx';
import { TranslationFilter } from '../translations/TranslationFilter.tsx';
import { TranslationsProvider } from '../translations/TranslationsProvider.tsx';
import { LatestVersion } from '../versions/LatestVersion.tsx';
import { SinceLastVisit } from '../visits/SinceLastVisit.tsx';
import { FrameworkVotesBanner } from '../votes/SubjectVotes.tsx';
import { FrameworkVotesProvider } from '../votes/VotesProvider.tsx';
import { ConnectionStatus } from './ConnectionStatus.tsx';
import { FrameworkOutline } from './FrameworkOutline.tsx';
import { PresenceList } from './PresenceList.tsx';
import { useSessionWatch } from './useSessionWatch.ts';

/** Renders nothing; has the browser confirm leaving the page while edits are unsaved. */
function ConfirmLeaving() {
  useConfirmLeavingWithUnsavedChanges();
  return null;
}

/** Renders nothing; watches the session while the sync connection is in trouble. */
function SessionWatch({ onSessionExpired }: { onSessionExpired: () => void }) {
  useSessionWatch(onSessionExpired);
  return null;
}

/**
 * The framework and, beside it, the side column: connection status and who is here, and the
 * thread panel when open (it then takes the room of the presence list, and the column widens).
 */
function ConsultationBody({ main, status, presence }: { main: ReactNode; status: ReactNode; presence: ReactNode }) {
  const panelOpen = useThreadPanelOpen();
  return (
    <div className={`page-body${panelOpen ? ' threads-open' : ''}`}>
      {main}
      <div className="side-column">
        <aside className="sidebar">
          {status}
          {!panelOpen && presence}
        </aside>
        <ThreadPanel />
      </div>
    </div>
  );
}

/** Threads' view of the page's data: who acts, and what they may do. */
function useCommentsSetup(session: SessionResponse): Actor {
  const { id, role, stakeholderId } = session.person;
  return useMemo(() => ({ personId: id, role, stakeholderId }), [id, role, stakeholderId]);
}

export function ConsultationPage({ consultationId, session, onSignOut, onSessionExpired }: ConsultationPageProps) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  // `refresh`: the capabilities again when the round's state changes, the page staying as it is.
  const [load, reload, refresh] = useAsync(useCallback(() => fetchConsultation(consultationId), [consultationId]));
  const collab = useCollabSession(consultationId, presenceUserOf(session));
  const headingRef = useHeadingFocus(load.status === 'loaded');
  const actor = useCommentsSetup(session);
  // Signing out drops edits not yet saved: ask first.
  const confirmSignOut = () => !collab?.hasUnsavedChanges() || window.confirm(t('header.signOutUnsavedConfirm'));

  const expired = load.status === 'failed' && load.error instanceof ApiRequestError && load.error.status === 401;
  useEffect(() => {
    if (expired) onSessionExpired();
  }, [expired, onSessionExpired]);

  // Carets name people with their stakeholder in the reader's language.
  const knownStakeholders = load.status === 'loaded' ? load.data.stakeholders : null;
  useEffect(() => {
    collab?.setCursorLabel((person) => {
      const stakeholder = knownStakeholders?.find((s) => s.id === person.stakeholderId);
      const stakeholderLabel = stakeholder?.name[language] ?? person.stakeholderName;
      return stakeholderLabel
        ? t('presence.cursorLabel', { name: person.name, stakeholder: stakeholderLabel })
        : person.name;
    });
  }, [collab, knownStakeholders, language, t]);

  const outline = useMemo(() => (load.status === 'loaded' ? outlineFramework(load.data.framework) : []), [load]);

  if (load.status !== 'loaded') {
    return (
      <PageNotLoaded
        state={load}
        loadingText={t('consultation.loading')}
        onRetry={reload}
        session={session}
        onSignOut={onSignOut}
        confirmSignOut={confirmSignOut}
      />
    );
  }

  const { consultation, stakeholders, capabilities, clauseTexts } = load.data;
  const editable = capabilities['clause.editText'];

  return (
    <div className="page">
      <a className="skip-link" href="#framework">
        {t('app.skipToContent')}
      </a>
      <PageHeader
        title={consultation.title[language]}
        session={session}
        onSignOut={onSignOut}
        confirmSignOut={confirmSignOut}
        headingRef={headingRef}
        nav={{ consultationId, current: 'framework', canReadAudit: capabilities['auditLog.read'] }}
      />
      {collab !== null && (
        <CollabSessionContext value={collab}>
          <ConfirmLeaving />
          <SessionWatch onSessionExpired={onSessionExpired} />
          <CommentsProvider
            consultationId={consultation.id}
            actor={actor}
            capabilities={capabilities}
            stakeholders={stakeholders}
            outline={outline}
          >
            <TranslationsProvider
              consultationId={consultation.id}
              collab={collab}
              canConfirm={capabilities['translation.confirm']}
            >
              <FrameworkVotesProvider>
                <ConsultationBody
                  main={
                    <main
                      id="framework"
                      className="framework-main"
                      aria-label={t('consultation.frameworkLabel')}
                      tabIndex={-1}
                    >
                      <RoundBanner
                        consultationId={consultation.id}
                        collab={collab}
                        role={session.person.role}
                        onStateChange={refresh}
                      />
                      <LatestVersion consultationId={consultation.id} collab={collab} />
                      <FrameworkVotesBanner />
                      <SinceLastVisit />
                      <TranslationFilter />
                      {!editable && <p className="notice">{t('consultation.readOnlyNotice')}</p>}
                      <LexicalCollaboration>
                        <FrameworkOutline
                          outline={outline}
                          clauseTexts={clauseTexts}
                          editing={{
                            consultationId: consultation.id,
                            editable,
                            username: session.person.name,
                            cursorColor: cursorColor(session.person.id),
                          }}
                        />
                      </LexicalCollaboration>
                    </main>
                  }
                  status={<ConnectionStatus />}
                  presence={<PresenceList selfPersonId={session.person.id} stakeholders={stakeholders} />}
                />
              </FrameworkVotesProvider>
            </TranslationsProvider>
          </CommentsProvider>
        </CollabSessionContext>
      )}
    </div>
  );
}
