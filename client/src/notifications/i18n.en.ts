/**
 * English strings of the notifications (the bell in every page's header, its panel, the e-mail
 * choice). Spread into `i18n/en.ts`; `i18n.zh.ts` has exactly the same keys.
 */
export const notificationsEn = {
  notifications: {
    /** The bell's accessible name; the count is drawn as a badge. */
    bell_one: 'Notifications, {{count}} unread',
    bell_other: 'Notifications, {{count}} unread',
    bellNone: 'Notifications, none unread',
    bellUnknown: 'Notifications',
    heading: 'Notifications',
    close: 'Close notifications',
    loading: 'Loading your notifications…',
    loadFailed: 'Could not load your notifications.',
    refreshFailed: 'Could not refresh your notifications: the list may be out of date.',
    empty:
      'Nothing yet. Replies in your threads, answers to your comments, votes opened for your country and rounds opening or closing will show here.',
    listLabel: 'Notifications, newest first',
    unreadCount_one: '{{count}} unread',
    unreadCount_other: '{{count}} unread',
    allRead: 'All read',
    /** Marks an unread notification, in words (not by colour alone). */
    unread: 'New',
    markAll: 'Mark all as read',
    marking: 'Marking as read…',
    markFailed: 'Could not mark your notifications as read.',
    showMore: 'Show more',
    loadingMore: 'Loading more…',
    moreFailed: 'Could not load more notifications.',
    /** Under each sentence: "5 minutes ago · Lancang-Mekong Environmental Cooperation Strategy". */
    meta: '{{ago}} · {{consultation}}',
    someone: 'Someone',
    clause: 'clause {{number}}',
    clauseGone: 'a clause since removed',
    reply: '{{name}} replied in your thread on {{clause}}',
    actorWithStakeholder: '{{name}} ({{stakeholder}})',
    response: 'The secretariat answered your comment on {{clause}}: {{status}}',
    responseNoStatus: 'The secretariat answered your comment on {{clause}}',
    voteOpened: 'A vote opened for your country: “{{question}}”, {{closing}}',
    voteCloses: 'closes {{when}}',
    voteNoClosing: 'open until the secretariat closes it',
    voteClosingPassed: 'its closing time has passed',
    roundOpened: 'Round “{{title}}” is open for comments until {{time}}',
    roundClosingSoon: 'Round “{{title}}” closes {{when}}',
    roundClosed: 'Round “{{title}}” closed on {{time}}',
    email: {
      legend: 'E-mail',
      off: 'Off: in the app only',
      immediate: 'Immediately: one e-mail for each',
      daily: 'Daily digest: one e-mail a day',
      address: 'E-mails go to {{address}}.',
      digestAt: 'The daily digest is sent at {{time}} your time ({{utc}} UTC).',
      unavailable:
        'This server sends no e-mail (no mail server is set up): notifications show here only. Your choice is kept for when it does.',
      loading: 'Loading your e-mail choice…',
      loadFailed: 'Could not load your e-mail choice.',
      saving: 'Saving…',
      saved: 'Saved.',
      saveFailed: 'Could not save your e-mail choice.',
    },
    errors: {
      signedOut: 'You are no longer signed in. Sign in again to continue.',
    },
  },
};

export type NotificationsMessages = typeof notificationsEn;
