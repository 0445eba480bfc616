import { type Actor, outlineFramework, type PresenceUser, type SessionResponse } from '@accord/shared';
import { LexicalCollaboration } from '@lexical/react/LexicalCollaborationContext';
import { type MouseEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchConsultation } from '../api/accordApi.ts';
import { ApiRequestError } from '../api/apiClient.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { matrixPath, navigate } from '../app/router.ts';
import { useAsync } from '../app/useAsync.ts';
import { cursorColor } from '../collab/cursorColor.ts';
import {
  CollabSessionContext,
  useCollabSession,
  useConfirmLeavingWithUnsavedChanges,
} from '../collab/useCollabSession.ts';
import { CommentsProvider, useThreadPanelOpen } from '../comments/CommentsProvider.tsx';
import { ThreadPanel } from '../comments/ThreadPanel.tsx';
import { LanguageSwitch } from '../i18n/LanguageSwitch.tsx';
import { useLanguage } from '../i18n/useLanguage.ts';
import { ConnectionStatus } from './ConnectionStatus.tsx';
import { FrameworkOutline } from './FrameworkOutline.tsx';
import { PresenceList } from './PresenceList.tsx';
import { useSessionWatch } from './useSessionWatch.ts';

interface ConsultationPageProps {
  consultationId: string;
  session: SessionResponse;
  /** Rejects when the server did not end the session: the person is still signed in. */
  onSignOut: () => Promise<void>;
  /** The server no longer knows the session (401): back to sign-in. */
  onSessionExpired: () => void;
}

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

function presenceUserOf({ person, stakeholder }: SessionResponse): PresenceUser {
  return {
    personId: person.id,
    name: person.name,
    role: person.role,
    stakeholderId: person.stakeholderId,
    stakeholderName: stakeholder?.name.en ?? null,
  };
}

export function ConsultationPage({ consultationId, session, onSignOut, onSessionExpired }: ConsultationPageProps) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const [load, reload] = useAsync(useCallback(() => fetchConsultation(consultationId), [consultationId]));
  const user = useMemo(() => presenceUserOf(session), [session]);
  const collab = useCollabSession(consultationId, user);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const actor = useCommentsSetup(session);
  const [signOutState, setSignOutState] = useState<'idle' | 'pending' | 'failed'>('idle');

  const onSignOutClick = async () => {
    if (signOutState === 'pending') return;
    if (collab?.hasUnsavedChanges() && !window.confirm(t('header.signOutUnsavedConfirm'))) return;
    setSignOutState('pending');
    try {
      await onSignOut(); // Unmounts this page on success.
    } catch (error) {
      console.error(error);
      setSignOutState('failed');
    }
  };

  const expired = load.status === 'failed' && load.error instanceof ApiRequestError && load.error.status === 401;
  useEffect(() => {
    if (expired) onSessionExpired();
  }, [expired, onSessionExpired]);

  const loaded = load.status === 'loaded';
  useEffect(() => {
    // Move focus to the page's heading when it appears, as a page load would.
    if (loaded) headingRef.current?.focus();
  }, [loaded]);

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

  const stakeholderName = session.stakeholder?.name[language];
  const signedInAs =
    stakeholderName === undefined
      ? t('header.signedInAs', { name: session.person.name })
      : t('header.signedInAsWithStakeholder', { name: session.person.name, stakeholder: stakeholderName });

  // In-app links: the router changes the page without reloading it (new tabs work as usual).
  const followLink = (path: string) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(path);
  };

  const header = (title: string) => (
    <header className="page-header">
      <div className="page-title">
        <span className="brand">{t('app.name')}</span>
        <h1 ref={headingRef} tabIndex={-1}>
          {title}
        </h1>
        <nav className="page-links" aria-label={t('threads.pagesLabel')}>
          <a href={matrixPath(consultationId)} onClick={followLink(matrixPath(consultationId))}>
            {t('threads.matrixLink')}
          </a>
        </nav>
      </div>
      <div className="page-account">
        <p className="signed-in-as">{signedInAs}</p>
        <LanguageSwitch />
        <button type="button" onClick={onSignOutClick}>
          {t('header.signOut')}
        </button>
        {signOutState === 'failed' && (
          <p role="alert" className="form-error">
            {t('header.signOutFailed')}
          </p>
        )}
      </div>
    </header>
  );

  if (load.status === 'loading' || expired) {
    return (
      <div className="page">
        {header(t('app.name'))}
        <main className="page-message">
          <p role="status">{t('consultation.loading')}</p>
        </main>
      </div>
    );
  }

  if (load.status === 'failed') {
    const notFound = load.error instanceof ApiRequestError && (load.error.status === 404 || load.error.status === 403);
    return (
      <div className="page">
        {header(t('app.name'))}
        <main className="page-message">
          <p role="alert">{notFound ? t('consultation.notFound') : errorMessage(load.error, t)}</p>
          {!notFound && (
            <button type="button" onClick={reload}>
              {t('errors.retry')}
            </button>
          )}
        </main>
      </div>
    );
  }

  const { consultation, stakeholders, capabilities, clauseTexts } = load.data;
  const editable = capabilities['clause.editText'];

  return (
    <div className="page">
      <a className="skip-link" href="#framework">
        {t('app.skipToContent')}
      </a>
      {header(consultation.title[language])}
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
            <ConsultationBody
              main={
                <main
                  id="framework"
                  className="framework-main"
                  aria-label={t('consultation.frameworkLabel')}
                  tabIndex={-1}
                >
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
          </CommentsProvider>
        </CollabSessionContext>
      )}
    </div>
  );
}
