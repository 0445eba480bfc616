import type { Language, ThreadView } from '@accord/shared';
import type { TFunction } from 'i18next';
import { createElement, Fragment, type ReactNode, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { refusedMessage } from '../api/errorMessage.ts';
import { type StoreAction, useStoreAction } from '../app/useStoreAction.ts';
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

/** Runs an action whose answer is the thread's new view, and shows that view at once. */
export function useThreadAction(): StoreAction<ThreadView> {
  return useStoreAction(useComments().store, describeError);
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
