import type { Language, ThreadView } from '@accord/shared';
import type { TFunction } from 'i18next';
import { createElement, Fragment, type ReactNode, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { refusedMessage } from '../api/errorMessage.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { useComments } from './commentsContext.ts';

export const otherLanguage = (language: Language): Language => (language === 'en' ? 'zh' : 'en');

/** "Wang Fang (Lao PDR)": a person with their stakeholder's name in the UI language. */
export function usePersonLabel(): (name: string, stakeholderId: string | null) => string {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { stakeholders } = useComments();
  return useCallback(
    (name: string, stakeholderId: string | null) => {
      const stakeholder = stakeholders.find((s) => s.id === stakeholderId);
      return stakeholder ? t('threads.personWithStakeholder', { name, stakeholder: stakeholder.name[language] }) : name;
    },
    [stakeholders, language, t],
  );
}

/** A sentence for a failed request: the server's reason for a refusal (translated if known), else a general one. */
export function describeError(error: unknown, t: TFunction): string {
  if (error instanceof ApiRequestError) {
    if (error.status === 0) return t('errors.network');
    if (error.status === 401) return t('threads.errors.signedOut');
    if (error.status === 404) return t('threads.errors.notFound');
    if (error.status === 400 || error.status === 403 || error.status === 409) return refusedMessage(error, t);
    if (error.status === 429) return t('threads.errors.tooMany');
  }
  return t('errors.generic');
}

/**
 * Runs an action whose answer is the thread's new view, and puts that view in the store at
 * once (the realtime event that follows refetches it for everyone else).
 */
export function useThreadAction(): {
  run: (action: () => Promise<ThreadView>) => Promise<ThreadView | null>;
  pending: boolean;
  error: string | null;
  clearError: () => void;
} {
  const { store } = useComments();
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<ThreadView>) => {
      const seq = store.beginRequest();
      setPending(true);
      setError(null);
      try {
        const view = await action();
        store.apply(view, seq);
        return view;
      } catch (caught) {
        if (!(caught instanceof ApiRequestError)) console.error(caught);
        setError(describeError(caught, t));
        return null;
      } finally {
        setPending(false);
      }
    },
    [store, t],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, pending, error, clearError };
}

/**
 * Fills a translated template's `[name]` slots with elements (user text stays text: it is never
 * parsed as markup). Slots are in brackets so that i18next leaves them alone.
 */
export function fillSlots(template: string, slots: Record<string, ReactNode>): ReactNode[] {
  return template
    .split(/\[(\w+)\]/)
    .map((part, index) => createElement(Fragment, { key: index }, index % 2 === 1 ? (slots[part] ?? part) : part));
}
