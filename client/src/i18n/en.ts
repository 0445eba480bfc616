import { commentsEn } from '../comments/i18n.en.ts';
import { matrixEn } from '../matrix/i18n.en.ts';

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
};

export type Messages = typeof en;
