import { z } from 'zod';
import type { PersonRef } from './comments.ts';
import { diffWords } from './compare.ts';
import { idSchema, type Language, type LocalizedText, languageSchema } from './model.ts';
import type { DiffPart } from './versions.ts';

/**
 * "Translation out of date" (issue 6, part 5): when one language of a clause changes after the
 * other was last confirmed as in line, the other language is out of date until someone entitled
 * confirms the two are in line again.
 *
 * Decisions:
 * - A clause never confirmed counts from the texts of the latest published version (the caller
 *   passes them as the baseline); with no version either, it is in line (nothing to compare with).
 * - `both_changed` carries the English change (English is the drafting language of the demo);
 *   the Chinese change can be computed by the client from the texts if ever needed.
 */

export type TranslationState = 'in_line' | 'zh_out_of_date' | 'en_out_of_date' | 'both_changed';

export interface TranslationStatus {
  clauseId: string;
  state: TranslationState;
  confirmedAt: number | null;
  confirmedBy: PersonRef | null;
  /** The change that caused the state: the diff of the language that changed. */
  change: { language: Language; parts: DiffPart[] } | null;
  /**
   * Out of date only: both texts as the state was computed from them, which is what a person
   * confirms when they say the two are in line again (null when in line: nothing to confirm).
   */
  current: LocalizedText | null;
}

/**
 * A status as the realtime event carries it (`translations.changed`): validated like any event,
 * so a page takes it as it would the answer of a fetch.
 */
export const translationStatusSchema = z.object({
  clauseId: idSchema,
  state: z.enum(['in_line', 'zh_out_of_date', 'en_out_of_date', 'both_changed']),
  confirmedAt: z.number().nullable(),
  confirmedBy: z.object({ personId: z.string(), name: z.string() }).nullable(),
  change: z
    .object({
      language: languageSchema,
      parts: z.array(z.object({ op: z.enum(['same', 'insert', 'delete']), text: z.string() })),
    })
    .nullable(),
  current: z.object({ en: z.string(), zh: z.string() }).nullable(),
}) satisfies z.ZodType<TranslationStatus>;

/** The largest clause text accepted in a confirmation (characters, per language). */
export const MAX_CONFIRMED_TEXT = 100_000;

const text = () =>
  z
    .string()
    .max(MAX_CONFIRMED_TEXT)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');

/** Confirm a clause's translation is in line: the texts the person saw as in line. */
export const confirmTranslationRequestSchema = z.object({ en: text(), zh: text() });
export type ConfirmTranslationRequest = z.infer<typeof confirmTranslationRequestSchema>;

/**
 * `GET …/translation-status?clauseIds=a,b`: only those clauses (what a page refetches when the
 * server says some changed: two documents read instead of the whole draft). Unknown ids are
 * left out of the answer. Without it: every clause.
 */
export const translationStatusQuerySchema = z.object({
  clauseIds: z
    .string()
    .max(64 * 200)
    .transform((value) => value.split(',').filter((id) => id !== ''))
    .pipe(z.array(idSchema).min(1).max(200))
    .optional(),
});
export type TranslationStatusQuery = z.output<typeof translationStatusQuerySchema>;

/** `GET …/translation-status`: every clause's status (or those asked for), in reading order. */
export interface TranslationStatusResponse {
  clauses: TranslationStatus[];
  /** Clauses never confirmed count from this published version (null: none published yet). */
  version: { id: string; title: LocalizedText; publishedAt: number } | null;
}

export interface TranslationBaseline {
  en: string;
  zh: string;
  /** Null when the baseline is a published version rather than a confirmation. */
  confirmedAt: number | null;
  confirmedBy: PersonRef | null;
}

/** The status of one clause, from its current texts and its baseline (null: in line). */
export function translationStatus(
  clauseId: string,
  current: { en: string; zh: string },
  baseline: TranslationBaseline | null,
): TranslationStatus {
  const confirmedAt = baseline?.confirmedAt ?? null;
  const confirmedBy = baseline?.confirmedBy ?? null;
  const inLine: TranslationStatus = {
    clauseId,
    state: 'in_line',
    confirmedAt,
    confirmedBy,
    change: null,
    current: null,
  };
  if (!baseline) return inLine;
  const texts = { en: current.en, zh: current.zh };
  const enChanged = current.en !== baseline.en;
  const zhChanged = current.zh !== baseline.zh;
  if (enChanged) {
    const change = { language: 'en' as const, parts: diffWords(baseline.en, current.en) };
    const state = zhChanged ? 'both_changed' : 'zh_out_of_date';
    return { clauseId, state, confirmedAt, confirmedBy, change, current: texts };
  }
  if (zhChanged) {
    const change = { language: 'zh' as const, parts: diffWords(baseline.zh, current.zh) };
    return { clauseId, state: 'en_out_of_date', confirmedAt, confirmedBy, change, current: texts };
  }
  return inLine;
}
