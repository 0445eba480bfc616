import type { SessionResponse } from '@accord/shared';
import { type Ref, type RefObject, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../i18n/LanguageSwitch.tsx';
import { useLanguage } from '../i18n/useLanguage.ts';
import { NotificationBell } from '../notifications/NotificationBell.tsx';
import { AppLink } from './AppLink.tsx';
import { auditPath, consultationPath, matrixPath, roundsPath, versionsPath, votesPath } from './router.ts';

export interface PageHeaderProps {
  title: string;
  session: SessionResponse;
  /** Rejects when the server did not end the session. */
  onSignOut: () => Promise<void>;
  /** Asked before signing out (unsaved edits, say): false, and the person stays. */
  confirmSignOut?: () => boolean;
  headingRef?: Ref<HTMLHeadingElement>;
  /** Shown once the consultation is known. */
  nav?: {
    consultationId: string;
    current: NavPage;
    canReadAudit: boolean;
    /** The page is below `current` (a version, a comparison): its link marks the current section, not the page. */
    below?: boolean;
  };
}

export type NavPage = 'framework' | 'matrix' | 'votes' | 'versions' | 'rounds' | 'audit';

/** The consultation pages' header: title, who is signed in, notifications, language, sign-out, and page links. */
export function PageHeader({ title, session, onSignOut, confirmSignOut, headingRef, nav }: PageHeaderProps) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const [signOutState, setSignOutState] = useState<'idle' | 'pending' | 'failed'>('idle');

  const onSignOutClick = async () => {
    if (signOutState === 'pending') return;
    if (confirmSignOut && !confirmSignOut()) return;
    setSignOutState('pending');
    try {
      await onSignOut(); // Unmounts the page on success.
    } catch (error) {
      console.error(error);
      setSignOutState('failed');
    }
  };

  const stakeholderName = session.stakeholder?.name[language];
  const signedInAs =
    stakeholderName === undefined
      ? t('header.signedInAs', { name: session.person.name })
      : t('header.signedInAsWithStakeholder', { name: session.person.name, stakeholder: stakeholderName });

  return (
    <header className="page-header">
      <div className="page-title">
        <span className="brand">{t('app.name')}</span>
        <h1 ref={headingRef} tabIndex={-1}>
          {title}
        </h1>
      </div>
      {nav && <ConsultationNav {...nav} />}
      <div className="page-account">
        <p className="signed-in-as">{signedInAs}</p>
        <NotificationBell personId={session.person.id} />
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
}

function ConsultationNav({
  consultationId,
  current,
  canReadAudit,
  below = false,
}: NonNullable<PageHeaderProps['nav']>) {
  const { t } = useTranslation();
  const links = [
    { page: 'framework', href: consultationPath(consultationId), label: t('matrix.nav.framework') },
    { page: 'matrix', href: matrixPath(consultationId), label: t('matrix.nav.matrix') },
    { page: 'votes', href: votesPath(consultationId), label: t('matrix.nav.votes') },
    { page: 'versions', href: versionsPath(consultationId), label: t('matrix.nav.versions') },
    { page: 'rounds', href: roundsPath(consultationId), label: t('matrix.nav.rounds') },
    ...(canReadAudit ? [{ page: 'audit', href: auditPath(consultationId), label: t('matrix.nav.audit') }] : []),
  ];
  return (
    <nav className="consultation-nav" aria-label={t('matrix.nav.label')}>
      <ul>
        {links.map(({ page, href, label }) => (
          <li key={page}>
            <AppLink href={href} aria-current={page !== current ? undefined : below ? 'true' : 'page'}>
              {label}
            </AppLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** For the page's heading (`headingRef`): focused when the page's data appears, as a page load would. */
export function useHeadingFocus(loaded: boolean): RefObject<HTMLHeadingElement | null> {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (loaded) headingRef.current?.focus();
  }, [loaded]);
  return headingRef;
}
