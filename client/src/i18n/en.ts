import type { RefusalReason } from '@accord/shared';
import { commentsEn } from '../comments/i18n.en.ts';
import { matrixEn } from '../matrix/i18n.en.ts';
import { notificationsEn } from '../notifications/i18n.en.ts';
import { roundsEn } from '../rounds/i18n.en.ts';
import { translationsEn } from '../translations/i18n.en.ts';
import { versionsEn } from '../versions/i18n.en.ts';
import { visitsEn } from '../visits/i18n.en.ts';
import { votesEn } from '../votes/i18n.en.ts';

/**
 * English UI strings. `zh.ts` must have exactly the same keys (its type is `typeof en`).
 * Language names under `languageSwitch` are endonyms: each is written in its own language.
 */
export const en = {
  app: {
    name: 'Accord',
    loading: 'Loading…',
    notFound: 'This page does not exist.',
    goHome: 'Go to the start page',
    skipToContent: 'Skip to the framework',
  },
  errors: {
    network: 'Could not reach the server. Check your connection and try again.',
    generic: 'Something went wrong. Please try again.',
    retry: 'Try again',
    refused: 'Not done: {{reason}}',
    /** Why the server refused a comment action, by its `reason` (shared `REFUSAL_REASONS`). */
    reasons: {
      posting_too_fast: 'You are posting faster than anyone can read: wait a moment and try again.',
      role: 'Your role does not allow this.',
      thread_locked: 'The thread is locked: it takes no more replies.',
      thread_locked_meanwhile: 'The thread was locked meanwhile: it takes no more replies.',
      not_author: 'Only its author may change a comment.',
      comment_withdrawn: 'The comment was withdrawn.',
      already_responded: 'The secretariat has responded to this thread: its comments can no longer change.',
      responded_meanwhile: 'The secretariat responded meanwhile: the comment can no longer change.',
      own_stakeholder_only: 'You may only do this for your own country or organisation.',
      secretariat_has_no_review_status: 'The secretariat has no review status of its own.',
      only_proposals_apply: 'Only a proposed wording can be applied.',
      whole_clause_proposal: 'The proposal is on the whole clause: apply the wording by hand.',
      not_accepted_yet: 'Accept the proposal (or accept it partially) before applying it.',
      already_applied: 'The wording was already applied.',
      apply_by_hand: 'The wording cannot be applied automatically here: apply it by hand.',
      passage_changed: 'The passage changed since you selected it: select it again.',
      duplicate_of_itself: 'A thread cannot duplicate itself.',
      duplicate_cycle: 'That thread is already marked as a duplicate of this one.',
      vote_closed: 'The vote is closed: its result is final.',
      advisory_not_enabled: 'This vote takes no advisory positions from partners.',
      vote_already_open: 'A vote on this is already open: close it first.',
      no_response_yet: 'The secretariat has not responded to this thread yet: respond first.',
      not_a_proposal: 'This thread proposes no wording to vote on.',
      quorum_too_large: 'The quorum is larger than the number of member states.',
      bad_closing_time: 'Choose a closing time in the future, at most 90 days away.',
      round_not_drafting: 'The round is not in drafting: only the secretariat edits the text now.',
      round_not_open: 'The round is not open for comments.',
      round_closed: 'The round is closed: nothing changes any more.',
    } satisfies Record<RefusalReason, string>,
  },
  signIn: {
    title: 'Sign in to Accord',
    intro: 'Draft the cooperation framework together with the secretariat, member states and partners.',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    missingFields: 'Enter your email and your password.',
    invalidCredentials: 'Wrong email or password.',
    tooManyAttempts: 'Too many sign-in attempts. Please wait a little and try again.',
    tooManyAttemptsWait_one: 'Too many failed sign-ins. Try again in {{count}} minute.',
    tooManyAttemptsWait_other: 'Too many failed sign-ins. Try again in {{count}} minutes.',
  },
  header: {
    signedInAs: 'Signed in as {{name}}',
    signedInAsWithStakeholder: 'Signed in as {{name}} ({{stakeholder}})',
    signOut: 'Sign out',
    signOutUnsavedConfirm:
      'Some of your changes are not saved yet and will be lost if you sign out now. Sign out anyway?',
    signOutFailed: 'Could not sign out: you are still signed in. Check your connection and try again.',
  },
  languageSwitch: {
    label: 'Language',
    en: 'English',
    zh: '中文',
  },
  language: {
    en: 'English',
    zh: 'Chinese',
  },
  consultation: {
    loading: 'Loading the consultation…',
    notFound: 'This consultation does not exist, or you do not have access to it.',
    none: 'There are no consultations yet.',
    frameworkLabel: 'Framework text',
    readOnlyNotice: 'You can read the framework and follow changes as they happen, but you cannot edit the text.',
    clauseRowLabel: 'Clause {{number}}',
  },
  clause: {
    editorLabel: 'Clause {{number}} — {{language}}',
    editorFailed: 'This clause could not be displayed. Reload the page; your saved text is safe.',
  },
  presence: {
    heading: 'Here now',
    listLabel: 'People here now',
    you: '(you)',
    cursorLabel: '{{name}} ({{stakeholder}})',
  },
  connection: {
    connecting: 'Connecting…',
    saved: 'Connected — all changes saved',
    saving: 'Connected — saving…',
    offline: 'Offline — your changes are kept and will sync',
    denied: 'The server refused access to part of this page. Sign out and sign in again.',
  },
  ...matrixEn,
  ...commentsEn,
  ...votesEn,
  ...versionsEn,
  ...roundsEn,
  ...visitsEn,
  ...translationsEn,
  ...notificationsEn,
};

export type Messages = typeof en;
