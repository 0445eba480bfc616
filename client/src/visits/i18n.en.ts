/**
 * English strings of "Since your last visit" on the framework page. Spread into `i18n/en.ts`;
 * `i18n.zh.ts` has exactly the same keys. `[name]` slots are filled with elements (see `fillSlots`).
 */
export const visitsEn = {
  visits: {
    heading: 'Since your last visit',
    sinceVersion: 'Changes since [date] (the version “{{title}}”)',
    sinceVisit: 'Changes since you last marked changes seen, [ago]',
    loading: 'Checking what changed since your last visit…',
    loadFailed: 'Could not check what changed since your last visit.',
    upToDate: 'You are up to date: nothing changed since you last marked changes seen.',
    upToDateVersion: 'You are up to date: nothing changed since the version “{{title}}”.',
    refresh: 'Refresh',
    refreshing: 'Refreshing…',
    markAll: 'Mark all as seen',
    marking: 'Marking as seen…',
    show: 'Show the changes',
    hide: 'Hide the changes',
    counts: {
      label: 'What changed',
      clauses_one: '{{count}} clause changed',
      clauses_other: '{{count}} clauses changed',
      responses_one: '{{count}} response',
      responses_other: '{{count}} responses',
      threads_one: '{{count}} new thread',
      threads_other: '{{count}} new threads',
      replies_one: '{{count}} new reply',
      replies_other: '{{count}} new replies',
      votes_one: '{{count}} vote',
      votes_other: '{{count}} votes',
    },
    step: {
      label: 'Step through the changes',
      previous: 'Previous change',
      next: 'Next change',
      position: '{{k}} of {{n}}',
      total_one: '{{count}} change',
      total_other: '{{count}} changes',
    },
    clauses: {
      heading: 'Clauses changed',
      title: 'Clause {{number}}',
      unchanged: '{{language}}: no change',
      goTo: 'Go to clause {{number}}',
      markSeen: 'Mark as seen',
      markSeenLabel: 'Mark as seen: clause {{number}}',
    },
    responses: {
      heading: 'Responses to your comments',
      item: 'The secretariat answered [thread] on clause {{clause}}: [status]',
    },
    threads: {
      heading: 'New threads',
      item: '[thread] — {{kind}} by {{person}} on clause {{clause}}',
    },
    replies: {
      heading: 'New replies',
      item_one: '{{count}} new reply in [thread] on clause {{clause}}',
      item_other: '{{count}} new replies in [thread] on clause {{clause}}',
      mine: 'in your thread',
    },
    votes: {
      heading: 'Votes',
      opened: 'Vote opened on {{subject}}: [question]',
      closed: 'Vote closed on {{subject}} — {{outcome}}: [question]',
      untitled: 'the vote',
    },
    threadNumber: '#{{number}}',
    threadUnknown: 'a thread',
    clauseUnknown: '?',
    marked: {
      clause: 'Clause {{number}} marked as seen.',
      all: 'Everything marked as seen.',
    },
    errors: {
      signedOut: 'You are no longer signed in. Sign in again to continue.',
      notFound: 'This consultation no longer exists.',
      tooMany: 'Too many requests. Please wait a moment and try again.',
    },
  },
};

export type VisitsMessages = typeof visitsEn;
