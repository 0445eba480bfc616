import { createContext, useContext } from 'react';
import type { TranslationStore } from './useTranslationStatus.ts';

/** What the translation components share on the framework page. */
export interface TranslationsEnv {
  consultationId: string;
  store: TranslationStore;
  /** The person may confirm translations (`translation.confirm`, with the current round). */
  canConfirm: boolean;
  /** The framework shows only clauses whose translation is out of date (`?translation=out-of-date`). */
  onlyOutOfDate: boolean;
  setOnlyOutOfDate: (only: boolean) => void;
  /**
   * Clauses confirmed from this page since the filter was last switched: the filter keeps showing
   * them (with "confirmed"), so a row does not vanish under the person's pointer.
   */
  confirmedHere: ReadonlySet<string>;
  noteConfirmed: (clauseId: string) => void;
}

export const TranslationsContext = createContext<TranslationsEnv | null>(null);

/** Null outside the framework page (a version, say): nothing about translations is shown. */
export function useOptionalTranslations(): TranslationsEnv | null {
  return useContext(TranslationsContext);
}
