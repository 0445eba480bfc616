import { z } from 'zod';
import type { PersonRef, ThreadView } from './comments.ts';
import type { Language, LocalizedText } from './model.ts';

/**
 * Published versions of the framework and their comparison. A version is an immutable
 * snapshot: every section and clause with its number and its text in both languages as they
 * stood, and the threads with their responses. "The draft" is the live framework.
 */

export interface SectionSnapshot {
  id: string;
  parentId: string | null;
  position: number;
  /** "5.3", as numbered when the snapshot was taken. */
  number: string;
  title: LocalizedText;
}

export interface ClauseSnapshot {
  id: string;
  sectionId: string;
  position: number;
  /** "5.3.2", as numbered when the snapshot was taken. */
  number: string;
  /** Plain text of each language (paragraphs joined by "\n"), as `clausePlainText` reads it. */
  text: LocalizedText;
}

/** The framework at one moment, in reading order (sections depth-first, clauses by position). */
export interface FrameworkSnapshot {
  sections: SectionSnapshot[];
  clauses: ClauseSnapshot[];
}

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');

export const publishVersionRequestSchema = z.object({
  /** "Revised draft sent to the Mekong countries, 14 Aug 2017"; in either language or both. */
  title: z
    .object({ en: text(300), zh: text(300) })
    .refine((t) => t.en !== '' || t.zh !== '', { message: 'name the version in Chinese or English' }),
  note: text(5000).default(''),
});
export type PublishVersionRequest = z.input<typeof publishVersionRequestSchema>;

export interface VersionSummary {
  id: string;
  consultationId: string;
  title: LocalizedText;
  note: string;
  publishedBy: PersonRef;
  publishedAt: number;
  /** Set when this version records a restore: the version the draft was restored from. */
  restoredFrom: string | null;
  clauseCount: number;
  threadCount: number;
  /** Size of the stored snapshot (JSON, UTF-8), for the record. */
  snapshotBytes: number;
}

export interface VersionView extends VersionSummary {
  framework: FrameworkSnapshot;
  /** The threads as they stood, as anyone on the consultation could read them (hidden comments redacted). */
  threads: ThreadView[];
}

/**
 * What restoring a version answers (`POST …/versions/:versionId/restore`): the version of the
 * draft published first (so the replaced draft can itself be restored), the version restored,
 * and how many clauses had their text replaced (in one language or both).
 */
export interface RestoreVersionResponse {
  backup: VersionSummary;
  restored: VersionSummary;
  /** The new draft as it starts, published as a version marked `restoredFrom` the one restored. */
  result: VersionSummary;
  changedClauses: number;
}

/** One side of a comparison: a published version, or the live draft. */
export const compareSideSchema = z.union([z.literal('draft'), z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)]);
export const compareQuerySchema = z.object({ from: compareSideSchema, to: compareSideSchema.default('draft') });
export type CompareQuery = z.infer<typeof compareQuerySchema>;

export type CompareSide =
  | { kind: 'version'; id: string; title: LocalizedText; at: number }
  | { kind: 'draft'; at: number };

/** A run of text in a word diff: kept, inserted (only in `to`) or deleted (only in `from`). */
export interface DiffPart {
  op: 'same' | 'insert' | 'delete';
  text: string;
}

export type ClauseChangeStatus = 'unchanged' | 'changed' | 'added' | 'removed';

export interface ClauseComparison {
  clauseId: string;
  status: ClauseChangeStatus;
  /** Where it was and where it is; null on the side it is missing from. */
  from: { number: string; sectionId: string } | null;
  to: { number: string; sectionId: string } | null;
  /** In another section, or in another order relative to the clauses both sides have. */
  moved: boolean;
  /** Its number differs (moved, or clauses before it added or removed). */
  renumbered: boolean;
  /** Per language: the word diff from `from` to `to` (all `same` when unchanged). */
  text: Record<Language, { changed: boolean; parts: DiffPart[] }>;
  /** Threads whose accepted wording was applied to this clause between the two sides. */
  threadIds: string[];
}

export interface ComparisonSummary {
  changed: number;
  added: number;
  removed: number;
  moved: number;
  renumbered: number;
  unchanged: number;
}

export interface Comparison {
  from: CompareSide;
  to: CompareSide;
  /** Every clause of either side: in `to`'s reading order, each removed clause after the one it followed in `from`. */
  clauses: ClauseComparison[];
  summary: ComparisonSummary;
  /** Section titles changed between the two sides, by section id. */
  sections: { sectionId: string; from: SectionSnapshot | null; to: SectionSnapshot | null; titleChanged: boolean }[];
}
