import type { Consultation, ConsultationSummary, Framework, Person, Stakeholder } from '@accord/shared';
import type {
  AuditRecord,
  CommentPatch,
  CommentRecord,
  ReviewStatusRecord,
  ThreadPatch,
  ThreadRecord,
  ThreadWithComments,
  WriteConditions,
} from './Storage.ts';

/**
 * Rows to records and records to column values, for both stores. The two drivers hand back
 * the same columns in different types: better-sqlite3 gives INTEGER as a number and a boolean
 * as 0 or 1, node-postgres gives BIGINT as a string and BOOLEAN as true or false. So numbers go
 * through Number() and flags through `flag`; JSON columns are TEXT in both schemas.
 */
export type Row = Record<string, unknown>;

const json = <T>(value: unknown): T => JSON.parse(String(value)) as T;
const jsonOrNull = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));
const nullableJson = <T>(value: unknown): T | null => (value === null ? null : json<T>(value));
const nullableNumber = (value: unknown): number | null => (value === null ? null : Number(value));
const nullableString = (value: unknown): string | null => (value === null ? null : String(value));
/** A boolean column: SQLite's 0 or 1, PostgreSQL's false or true (Number(true) is 1). */
const flag = (value: unknown): boolean => Number(value) !== 0;

export function toStakeholder(row: Row): Stakeholder {
  return { id: String(row.id), kind: row.kind as Stakeholder['kind'], name: json(row.name) };
}

export function toPerson(row: Row): Person {
  return {
    id: String(row.id),
    email: String(row.email),
    name: String(row.name),
    role: row.role as Person['role'],
    stakeholderId: nullableString(row.stakeholder_id),
  };
}

export function toConsultation(row: Row): Consultation {
  return { id: String(row.id), title: json(row.title) };
}

export function toConsultationSummary(row: Row): ConsultationSummary {
  return { id: String(row.id), title: json(row.title), clauseCount: Number(row.clause_count) };
}

export function toSection(row: Row): Framework['sections'][number] {
  return {
    id: String(row.id),
    parentId: nullableString(row.parent_id),
    position: Number(row.position),
    title: json<{ en: string; zh: string }>(row.title),
  };
}

export function toClause(row: Row): Framework['clauses'][number] {
  return { id: String(row.id), sectionId: String(row.section_id), position: Number(row.position) };
}

export function toThread(row: Row): ThreadRecord {
  return {
    id: String(row.id),
    consultationId: String(row.consultation_id),
    clauseId: String(row.clause_id),
    passage: nullableJson(row.passage),
    kind: row.kind as ThreadRecord['kind'],
    proposal: nullableJson(row.proposal),
    authorId: String(row.author_id),
    stakeholderId: nullableString(row.stakeholder_id),
    status: row.status as ThreadRecord['status'],
    locked: flag(row.locked),
    duplicateOf: nullableString(row.duplicate_of),
    response: nullableJson(row.response),
    applied: nullableJson(row.applied),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function toComment(row: Row): CommentRecord {
  return {
    id: String(row.id),
    threadId: String(row.thread_id),
    authorId: String(row.author_id),
    stakeholderId: nullableString(row.stakeholder_id),
    body: String(row.body),
    createdAt: Number(row.created_at),
    editedAt: nullableNumber(row.edited_at),
    withdrawnAt: nullableNumber(row.withdrawn_at),
    hidden: nullableJson(row.hidden),
  };
}

export function toReviewStatus(row: Row): ReviewStatusRecord {
  return {
    consultationId: String(row.consultation_id),
    stakeholderId: String(row.stakeholder_id),
    status: row.status as ReviewStatusRecord['status'],
    byId: String(row.set_by),
    at: Number(row.set_at),
  };
}

export function toAudit(row: Row): AuditRecord & { id: number } {
  return {
    id: Number(row.id),
    consultationId: String(row.consultation_id),
    actorId: String(row.actor_id),
    action: row.action as AuditRecord['action'],
    target: String(row.target),
    reason: nullableString(row.reason),
    detail: json<Record<string, unknown>>(row.detail),
    at: Number(row.at),
  };
}

/** Each thread with its comments, in the order given (comments already sorted). */
export function withComments(threads: ThreadRecord[], comments: CommentRecord[]): ThreadWithComments[] {
  const byThread = new Map<string, CommentRecord[]>(threads.map((t) => [t.id, []]));
  for (const comment of comments) byThread.get(comment.threadId)?.push(comment);
  return threads.map((thread) => ({ thread, comments: byThread.get(thread.id) ?? [] }));
}

/** Whether a thread's row (its locked, response and applied columns suffice) meets the conditions. */
export function threadRowMeets(row: Row, conditions: WriteConditions): boolean {
  if (conditions.threadUnlocked && flag(row.locked)) return false;
  if (conditions.threadHasNoResponse && row.response !== null) return false;
  if (conditions.notApplied && row.applied !== null) return false;
  return true;
}

/** How the driver binds a boolean: node-postgres as is, better-sqlite3 (no booleans) as 0 or 1. */
export type BindBoolean = (value: boolean) => unknown;

/**
 * A thread's values in the column order of the stores' INSERT: id, consultation_id, clause_id,
 * passage, kind, proposal, author_id, stakeholder_id, status, locked, duplicate_of, response,
 * applied, created_at, updated_at.
 */
export function threadValues(thread: ThreadRecord, bindBoolean: BindBoolean): unknown[] {
  return [
    thread.id,
    thread.consultationId,
    thread.clauseId,
    jsonOrNull(thread.passage),
    thread.kind,
    jsonOrNull(thread.proposal),
    thread.authorId,
    thread.stakeholderId,
    thread.status,
    bindBoolean(thread.locked),
    thread.duplicateOf,
    jsonOrNull(thread.response),
    jsonOrNull(thread.applied),
    thread.createdAt,
    thread.updatedAt,
  ];
}

/**
 * A comment's values in the column order of the stores' INSERT: id, thread_id, author_id,
 * stakeholder_id, body, created_at, edited_at, withdrawn_at, hidden.
 */
export function commentValues(c: CommentRecord): unknown[] {
  return [
    c.id,
    c.threadId,
    c.authorId,
    c.stakeholderId,
    c.body,
    c.createdAt,
    c.editedAt,
    c.withdrawnAt,
    jsonOrNull(c.hidden),
  ];
}

/**
 * An audit entry's values in the column order of the stores' INSERT: consultation_id, actor_id,
 * action, target, reason, detail, at.
 */
export function auditValues(entry: AuditRecord): unknown[] {
  return [
    entry.consultationId,
    entry.actorId,
    entry.action,
    entry.target,
    entry.reason,
    JSON.stringify(entry.detail),
    entry.at,
  ];
}

/** The columns a patch sets, in the patch's key order, and the values to bind to them. */
export interface PatchColumns {
  names: string[];
  values: unknown[];
}

type Encoders<P> = { [K in keyof Required<P>]: [column: string, encode: (value: P[K]) => unknown] };

function patchColumns<P extends object>(patch: P, encoders: Encoders<P>): PatchColumns {
  const keys = Object.keys(patch) as (keyof P)[];
  return {
    names: keys.map((k) => encoders[k][0]),
    values: keys.map((k) => encoders[k][1](patch[k] as P[typeof k])),
  };
}

export function threadPatchColumns(patch: ThreadPatch, bindBoolean: BindBoolean): PatchColumns {
  return patchColumns<ThreadPatch>(patch, {
    status: ['status', (v) => v],
    locked: ['locked', (v) => bindBoolean(v as boolean)],
    duplicateOf: ['duplicate_of', (v) => v],
    response: ['response', jsonOrNull],
    applied: ['applied', jsonOrNull],
    passage: ['passage', jsonOrNull],
    updatedAt: ['updated_at', (v) => v],
  });
}

export function commentPatchColumns(patch: CommentPatch): PatchColumns {
  return patchColumns<CommentPatch>(patch, {
    body: ['body', (v) => v ?? null],
    editedAt: ['edited_at', (v) => v ?? null],
    withdrawnAt: ['withdrawn_at', (v) => v ?? null],
    hidden: ['hidden', jsonOrNull],
  });
}
