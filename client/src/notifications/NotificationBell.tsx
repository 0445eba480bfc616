import './notifications.css';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NotificationsPanel } from './NotificationsPanel.tsx';
import type { NotificationStore } from './notificationStore.ts';
import { useNotificationStore, useNotificationsStatus, useUnreadCount } from './useNotifications.ts';

/** The bell in every page's header, for the signed-in person. */
export function NotificationBell({ personId }: { personId: string }) {
  return <NotificationBellFor store={useNotificationStore(personId)} />;
}

/** The bell's accessible name: "Notifications, 3 unread" (the count as a badge is only drawn). */
export function useBellLabel(store: NotificationStore): string {
  const { t } = useTranslation();
  const count = useUnreadCount(store);
  const status = useNotificationsStatus(store);
  if (status === 'loading' || status === 'failed') return t('notifications.bellUnknown');
  return count === 0 ? t('notifications.bellNone') : t('notifications.bell', { count });
}

/**
 * A disclosure: the button says how many are unread and opens the panel below it; the panel's
 * heading takes focus; Escape, the close button or a click elsewhere closes it, focus back on
 * the bell (unless the click put it elsewhere).
 */
export function NotificationBellFor({
  store,
  initiallyOpen = false,
}: {
  store: NotificationStore;
  initiallyOpen?: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(initiallyOpen);
  const count = useUnreadCount(store);
  const status = useNotificationsStatus(store);
  const label = useBellLabel(store);
  const panelId = useId();
  const wrapperRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  // A press outside closes the panel; focus goes where that press put it.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && wrapperRef.current?.contains(event.target)) return;
      setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const showCount = count > 0 && status !== 'loading' && status !== 'failed';
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the disclosure closes it; the controls inside are the interactive ones.
    <div
      className="notifications"
      ref={wrapperRef}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          close(true);
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="notifications-bell"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={label}
        data-testid="notifications-bell"
        data-unread={count}
        onClick={() => setOpen((was) => !was)}
      >
        <BellIcon />
        {showCount && (
          <span className="notifications-badge" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {/* Read out when the count changes while the person is elsewhere on the page. */}
      <span className="visually-hidden" aria-live="polite">
        {showCount ? t('notifications.bell', { count }) : ''}
      </span>
      {open && <NotificationsPanel id={panelId} store={store} onClose={close} />}
    </div>
  );
}

function BellIcon() {
  return (
    <svg
      className="notifications-bell-icon"
      viewBox="0 0 24 24"
      width="22"
      height="22"
      aria-hidden="true"
      focusable="false"
    >
      <path
        d="M12 2.5a1.5 1.5 0 0 0-1.5 1.5v.7A6.5 6.5 0 0 0 5.5 11v4.2L3.8 17a.8.8 0 0 0 .6 1.3h15.2a.8.8 0 0 0 .6-1.3l-1.7-1.8V11a6.5 6.5 0 0 0-5-6.3V4A1.5 1.5 0 0 0 12 2.5Zm-2.6 17a2.7 2.7 0 0 0 5.2 0Z"
        fill="currentColor"
      />
    </svg>
  );
}
