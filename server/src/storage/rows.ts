import type {
  Consultation,
  ConsultationSummary,
  Framework,
  Person,
  Round,
  RoundState,
  Stakeholder,
} from '@accord/shared';
import type {
  AuditRecord,
  BallotRecord,
  CommentPatch,
  CommentRecord,
  ReviewStatusRecord,
  RoundPatch,
  StoredVersion,
  ThreadPatch,
  ThreadRecord,
  ThreadWithComments,
  TranslationConfirmationRecord,
  VersionRecord,
  VisitRecord,
  VoteRecord,
  VoteWithBallots,
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

export function toVote(row: Row): VoteRecord {
  return {
    id: String(row.id),
    consultationId: String(row.consultation_id),
    subject: json(row.subject),
    subjectKey: String(row.subject_key),
    question: json(row.question),
    rule: json(row.rule),
    advisory: flag(row.advisory),
    memberStates: json(row.member_states),
    openedById: String(row.opened_by),
    openedAt: Number(row.opened_at),
    closesAt: nullableNumber(row.closes_at),
    closed: nullableJson(row.closed),
    supersedes: nullableString(row.supersedes),
  };
}

export function toBallot(row: Row): BallotRecord {
  return {
    voteId: String(row.vote_id),
    stakeholderId: String(row.stakeholder_id),
    choice: row.choice as BallotRecord['choice'],
    personId: String(row.person_id),
    at: Number(row.at),
  };
}

export function toTimedOpenVote(row: Row): { id: string; consultationId: string; closesAt: number } {
  return { id: String(row.id), consultationId: String(row.consultation_id), closesAt: Number(row.closes_at) };
}

/**
 * Each vote's row (its columns and `superseded_by`, the id of the vote superseding it, if any)
 * with its ballots, in the order given (ballots already sorted).
 */
export function withBallots(voteRows: Row[], ballots: BallotRecord[]): VoteWithBallots[] {
  const byVote = new Map<string, BallotRecord[]>(voteRows.map((r) => [String(r.id), []]));
  for (const ballot of ballots) byVote.get(ballot.voteId)?.push(ballot);
  return voteRows.map((row) => ({
    vote: toVote(row),
    ballots: byVote.get(String(row.id)) ?? [],
    supersededBy: nullableString(row.superseded_by),
  }));
}

/**
 * Whether a vote's row (its closed and closes_at columns suffice) takes a ballot cast at `at`:
 * not closed, and before its closing time if it has one.
 */
export function voteRowOpenAt(row: Row, at: number): boolean {
  return row.closed === null && (row.closes_at === null || at < Number(row.closes_at));
}

/**
 * The columns of a version without its snapshot, for the stores' SELECT of a list: a listing
 * never reads the snapshot text, which may weigh hundreds of kilobytes per version.
 */
export const VERSION_SUMMARY_COLUMNS =
  'id, consultation_id, title, note, published_by, published_at, restored_from, clause_count, thread_count, snapshot_bytes';

export function toVersion(row: Row): VersionRecord {
  return {
    id: String(row.id),
    consultationId: String(row.consultation_id),
    title: json(row.title),
    note: String(row.note),
    publishedById: String(row.published_by),
    publishedAt: Number(row.published_at),
    restoredFrom: nullableString(row.restored_from),
    clauseCount: Number(row.clause_count),
    threadCount: Number(row.thread_count),
    snapshotBytes: Number(row.snapshot_bytes),
  };
}

export function toStoredVersion(row: Row): StoredVersion {
  return { ...toVersion(row), snapshot: String(row.snapshot) };
}

/**
 * A version's values in the column order of the stores' INSERT: id, consultation_id, title,
 * note, published_by, published_at, restored_from, clause_count, thread_count, snapshot,
 * snapshot_bytes.
 */
export function versionValues(v: StoredVersion): unknown[] {
  return [
    v.id,
    v.consultationId,
    JSON.stringify(v.title),
    v.note,
    v.publishedById,
    v.publishedAt,
    v.restoredFrom,
    v.clauseCount,
    v.threadCount,
    v.snapshot,
    v.snapshotBytes,
  ];
}

export function toVisit(row: Row): VisitRecord {
  return {
    consultationId: String(row.consultation_id),
    personId: String(row.person_id),
    seenAt: Number(row.seen_at),
    clauses: json(row.snapshot),
  };
}

/** A visit's values in the column order of the stores' upsert: consultation_id, person_id, seen_at, snapshot. */
export function visitValues(v: VisitRecord): unknown[] {
  return [v.consultationId, v.personId, v.seenAt, JSON.stringify(v.clauses)];
}

export function toTranslationConfirmation(row: Row): TranslationConfirmationRecord {
  return {
    consultationId: String(row.consultation_id),
    clauseId: String(row.clause_id),
    en: String(row.en),
    zh: String(row.zh),
    confirmedById: String(row.confirmed_by),
    confirmedAt: Number(row.confirmed_at),
  };
}

/** Column order of the stores' upsert: consultation_id, clause_id, en, zh, confirmed_by, confirmed_at. */
export function translationConfirmationValues(c: TranslationConfirmationRecord): unknown[] {
  return [c.consultationId, c.clauseId, c.en, c.zh, c.confirmedById, c.confirmedAt];
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
 * A vote's values in the column order of the stores' INSERT: id, consultation_id, subject,
 * subject_key, question, rule, advisory, member_states, opened_by, opened_at, closes_at, closed,
 * supersedes.
 */
export function voteValues(vote: VoteRecord, bindBoolean: BindBoolean): unknown[] {
  return [
    vote.id,
    vote.consultationId,
    JSON.stringify(vote.subject),
    vote.subjectKey,
    JSON.stringify(vote.question),
    JSON.stringify(vote.rule),
    bindBoolean(vote.advisory),
    JSON.stringify(vote.memberStates),
    vote.openedById,
    vote.openedAt,
    vote.closesAt,
    jsonOrNull(vote.closed),
    vote.supersedes,
  ];
}

/** A ballot's values in the column order of the stores' upsert: vote_id, stakeholder_id, choice, person_id, at. */
export function ballotValues(b: BallotRecord): unknown[] {
  return [b.voteId, b.stakeholderId, b.choice, b.personId, b.at];
}

/** The value of a closed vote's `closed` column. */
export function closedValue(closed: NonNullable<VoteRecord['closed']>): string {
  return JSON.stringify(closed);
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

export function toRound(row: Row): Round {
  return {
    id: String(row.id),
    consultationId: String(row.consultation_id),
    title: json(row.title),
    opensAt: Number(row.opens_at),
    closesAt: Number(row.closes_at),
    state: String(row.state) as RoundState,
    createdBy: String(row.created_by),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** A round's values in the column order of the stores' insert. */
export function roundValues(r: Round): unknown[] {
  return [
    r.id,
    r.consultationId,
    JSON.stringify(r.title),
    r.opensAt,
    r.closesAt,
    r.state,
    r.createdBy,
    r.createdAt,
    r.updatedAt,
  ];
}

export const ROUND_COLUMNS =
  'id, consultation_id, title, opens_at, closes_at, state, created_by, created_at, updated_at';

/** A round patch as columns and values (`title` as JSON text). */
export function roundPatchColumns(patch: RoundPatch): PatchColumns {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as RoundPatch;
  return patchColumns<RoundPatch>(defined, {
    title: ['title', (v) => JSON.stringify(v)],
    opensAt: ['opens_at', (v) => v],
    closesAt: ['closes_at', (v) => v],
    state: ['state', (v) => v],
    updatedAt: ['updated_at', (v) => v],
  });
}
