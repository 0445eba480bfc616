import type { NotificationView } from '@accord/shared';
import { type MouseEvent, type RefObject, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { useDateTimeFormat } from '../i18n/useDateTimeFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { useTicking } from '../votes/clock.ts';
import { EmailPreference } from './EmailPreference.tsx';
import { agoText, describeNotificationError, notificationExcerpt, notificationSentence } from './format.ts';
import { followAppPath } from './links.ts';
import type { NotificationStore } from './notificationStore.ts';
import {
  useHasMore,
  useMoreError,
  useMoreState,
  useNotifications,
  useNotificationsError,
  useNotificationsStatus,
  useUnreadCount,
} from './useNotifications.ts';

export interface NotificationsPanelProps {
  id: string;
  store: NotificationStore;
  /** Closes the panel; `true`: focus back on the bell. */
  onClose: (returnFocus: boolean) => void;
  /** The server's clock (tests); absent: the store's estimate, ticking. */
  now?: number;
}

/**
 * The bell's panel: the person's notifications newest first (unread ones marked in words, each
 * a link that marks it read and goes there), "Mark all as read", "Show more", and the e-mail
 * choice. Its heading takes focus when it opens.
 */
export function NotificationsPanel({ id, store, onClose, now: fixedNow }: NotificationsPanelProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const items = useNotifications(store);
  const status = useNotificationsStatus(store);
  const error = useNotificationsError(store);
  const count = useUnreadCount(store);
  const hasMore = useHasMore(store);
  const moreState = useMoreState(store);
  const moreError = useMoreError(store);
  const [marking, setMarking] = useState<'idle' | 'pending' | 'failed'>('idle');
  const [markError, setMarkError] = useState<unknown>(null);
  const ticking = useTicking(fixedNow === undefined);
  const now = fixedNow ?? ticking + (store.serverNow() - Date.now());

  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  useKeptInViewport(panelRef);

  const onMarkAll = async () => {
    if (marking === 'pending' || count === 0 || items.length === 0) return;
    setMarking('pending');
    try {
      await store.markAllRead();
      setMarking('idle');
    } catch (caught) {
      if (!(caught instanceof ApiRequestError)) console.error(caught);
      setMarkError(caught);
      setMarking('failed');
    }
  };

  const onShowMore = async () => {
    const shown = store.getAll().length;
    await store.loadMore();
    // Focus on the first one loaded, where reading goes on (the button may be gone).
    if (store.getMoreState() === 'idle') listRef.current?.querySelectorAll('a')[shown]?.focus();
  };

  const onFollow = (notification: NotificationView, event: MouseEvent<HTMLAnchorElement>) => {
    if (notification.readAt === null) {
      store.markRead([notification.id]).catch((caught: unknown) => {
        if (!(caught instanceof ApiRequestError)) console.error(caught);
      });
    }
    // A new tab or window: the browser's. Here: the app's own navigation.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onClose(false);
    followAppPath(notification.path);
  };

  const nothingToMark = count === 0 || items.length === 0;
  return (
    <section
      id={id}
      ref={panelRef}
      className="notifications-panel"
      aria-labelledby={headingId}
      data-testid="notifications-panel"
    >
      <div className="notifications-panel-header">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {t('notifications.heading')}
        </h2>
        <span className="notifications-panel-count" data-testid="notifications-count">
          {count > 0 ? t('notifications.unreadCount', { count }) : t('notifications.allRead')}
        </span>
        <button
          type="button"
          className="notifications-close"
          aria-label={t('notifications.close')}
          onClick={() => onClose(true)}
        >
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {(status === 'loaded' || status === 'stale') && items.length > 0 && (
        <div className="notifications-actions">
          <button type="button" aria-disabled={nothingToMark || marking === 'pending'} onClick={() => void onMarkAll()}>
            {marking === 'pending' ? t('notifications.marking') : t('notifications.markAll')}
          </button>
        </div>
      )}
      {marking === 'failed' && (
        <p role="alert" className="form-error">
          {t('notifications.markFailed')} {describeNotificationError(markError, t)}
        </p>
      )}
      {status === 'loading' && <p className="notifications-message">{t('notifications.loading')}</p>}
      {(status === 'failed' || status === 'stale') && (
        <div role="alert" className="form-error notifications-error">
          <span>
            {status === 'failed' ? t('notifications.loadFailed') : t('notifications.refreshFailed')}{' '}
            {describeNotificationError(error, t)}
          </span>
          <button type="button" onClick={() => void store.retry()}>
            {t('errors.retry')}
          </button>
        </div>
      )}
      {(status === 'loaded' || status === 'stale') && items.length === 0 && (
        <p className="notifications-message" data-testid="notifications-empty">
          {t('notifications.empty')}
        </p>
      )}
      {items.length > 0 && (
        <ul ref={listRef} className="notifications-list" aria-label={t('notifications.listLabel')}>
          {items.map((notification) => (
            <NotificationItem key={notification.id} notification={notification} now={now} onFollow={onFollow} />
          ))}
        </ul>
      )}
      {hasMore && items.length > 0 && (
        <div className="notifications-more">
          <button type="button" aria-disabled={moreState === 'pending'} onClick={() => void onShowMore()}>
            {moreState === 'pending' ? t('notifications.loadingMore') : t('notifications.showMore')}
          </button>
          {moreState === 'failed' && (
            <p role="alert" className="form-error">
              {t('notifications.moreFailed')} {describeNotificationError(moreError, t)}
            </p>
          )}
        </div>
      )}
      <EmailPreference />
    </section>
  );
}

interface NotificationItemProps {
  notification: NotificationView;
  now: number;
  onFollow: (notification: NotificationView, event: MouseEvent<HTMLAnchorElement>) => void;
}

/** One notification: "New" in words when unread (not by colour alone), the sentence as the link, an excerpt, when and where. */
export function NotificationItem({ notification, now, onFollow }: NotificationItemProps) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const formatTime = useDateTimeFormat();
  const unread = notification.readAt === null;
  const sentence = notificationSentence(notification, { t, language, now, formatTime });
  const excerpt = notificationExcerpt(notification, language);
  return (
    <li
      className={unread ? 'notification notification-unread' : 'notification'}
      data-testid="notification"
      data-notification-id={notification.id}
      data-kind={notification.kind}
      data-unread={unread}
    >
      <a href={notification.path} onClick={(event) => onFollow(notification, event)}>
        {unread && (
          <span className="notification-new">
            {t('notifications.unread')}
            <span className="visually-hidden">: </span>
          </span>
        )}
        <span className="notification-sentence">{sentence}</span>
      </a>
      {excerpt !== null && <p className="notification-excerpt">“{excerpt}”</p>}
      <p className="notification-meta">
        {t('notifications.meta', {
          ago: agoText(notification.at, now, language),
          consultation: notification.consultationTitle[language],
        })}
      </p>
    </li>
  );
}

const VIEWPORT_MARGIN = 8;

/**
 * The panel hangs from the bell's right edge; where the bell sits near the left of a narrow
 * window, it is moved right so that it stays whole on the screen.
 */
function useKeptInViewport(ref: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const place = () => {
      element.style.translate = '';
      const { left } = element.getBoundingClientRect();
      if (left < VIEWPORT_MARGIN) element.style.translate = `${VIEWPORT_MARGIN - left}px 0`;
    };
    place();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  }, [ref]);
}
