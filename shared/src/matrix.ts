import { z } from 'zod';
import {
  type ProposalAction,
  type ResponseStatus,
  type ReviewStatus,
  type ReviewStatusView,
  responseStatusSchema,
  type ThreadKind,
  type ThreadView,
  threadKindSchema,
} from './comments.ts';
import {
  type Framework,
  idSchema,
  type Language,
  type LocalizedText,
  type NumberedSection,
  numberedClauses,
  outlineFramework,
  type Stakeholder,
} from './model.ts';
import type { VoteResult, VoteRule, VoteState, VoteView } from './votes.ts';

/**
 * The comments matrix, generated from the threads: Stakeholder | Targeted part | Comment |
 * Response, one row per thread, grouped by stakeholder as in the 2017 matrix. One pure
 * function builds it for the page, the API and the exports, so all three show the same rows.
 */

/** Filters, as the page's controls and the export URLs' query string carry them. */
export const matrixFiltersSchema = z.object({
  stakeholderId: idSchema.optional(),
  /** A top-level or nested section: rows on clauses in it or in its subsections. */
  sectionId: idSchema.optional(),
  kind: threadKindSchema.optional(),
  /** `none`: threads the secretariat has not answered yet. */
  response: z.union([responseStatusSchema, z.literal('none')]).optional(),
});
export type MatrixFilters = z.infer<typeof matrixFiltersSchema>;

export interface MatrixRow {
  threadId: string;
  stakeholderId: string | null;
  /** "4.3" and the title of the section the clause is in. */
  clauseNumber: string;
  sectionNumber: string;
  sectionTitle: LocalizedText;
  /** The quoted passage and its language; null for a comment on the whole clause. */
  passage: { language: Language; quote: string; detached: boolean } | null;
  kind: ThreadKind;
  /**
   * Opening comment; null when withdrawn or hidden from this reader. A hidden comment keeps its
   * text for the secretariat's own view (`commentState: 'hidden'`), never for exports.
   */
  comment: string | null;
  commentState: 'visible' | 'hidden' | 'withdrawn';
  authorName: string;
  proposal: { action: 'replace' | 'insert' | 'delete'; text: string } | null;
  replyCount: number;
  response: { status: ResponseStatus; explanation: LocalizedText } | null;
  applied: boolean;
  /** The member states' latest vote on this thread's response or wording (not superseded), if any. */
  vote: MatrixVote | null;
  threadStatus: 'open' | 'resolved';
  duplicateOf: string | null;
  createdAt: number;
}

/** A vote as the matrix row shows it: "Adopted by consensus (5 agree, 1 abstain)", or the live tally. */
export interface MatrixVote {
  voteId: string;
  subjectKind: 'response' | 'proposal';
  rule: VoteRule;
  state: VoteState;
  result: VoteResult;
  closedAt: number | null;
}

export interface MatrixGroup {
  stakeholder: Stakeholder | null;
  /** The stakeholder's review status ("Cambodia: no comments"); null for no stakeholder. */
  reviewStatus: ReviewStatus | null;
  rows: MatrixRow[];
}

export interface MatrixView {
  groups: MatrixGroup[];
  rowCount: number;
}

export interface MatrixInput {
  threads: ThreadView[];
  framework: Framework;
  stakeholders: Stakeholder[];
  reviewStatuses: ReviewStatusView[];
  /** Votes of the consultation; those on a thread's response or wording show in its row. */
  votes?: VoteView[];
}

/** Labels for the exports (the client has its own i18n), in the 2017 matrix's wording. */
export const RESPONSE_STATUS_LABELS: Record<ResponseStatus, LocalizedText> = {
  accepted: { en: 'Accepted', zh: '采纳' },
  partially_accepted: { en: 'Partially accepted', zh: '部分接受' },
  not_accepted: { en: 'Not accepted', zh: '不采纳' },
  noted: { en: 'Noted', zh: '已知悉' },
  under_review: { en: 'Under review', zh: '审议中' },
};

export const REVIEW_STATUS_LABELS: Record<ReviewStatus, LocalizedText> = {
  not_started: { en: 'Not started', zh: '未开始' },
  reviewing: { en: 'Reviewing', zh: '审阅中' },
  no_comments: { en: 'No comments', zh: '无意见' },
  submitted: { en: 'Submitted', zh: '已提交' },
};

export const THREAD_KIND_LABELS: Record<ThreadKind, LocalizedText> = {
  comment: { en: 'Comment', zh: '意见' },
  question: { en: 'Question', zh: '问题' },
  proposal: { en: 'Proposed wording', zh: '修改建议' },
};

export const PROPOSAL_ACTION_LABELS: Record<ProposalAction, LocalizedText> = {
  replace: { en: 'Replace', zh: '替换' },
  insert: { en: 'Insert', zh: '插入' },
  delete: { en: 'Delete', zh: '删除' },
};

/** Where a clause sits: its number, its section, and its place in reading order. */
interface ClausePlace {
  number: string;
  section: NumberedSection;
  order: number;
}

function placeClauses(outline: NumberedSection[]): Map<string, ClausePlace> {
  const sectionOf = new Map<string, NumberedSection>();
  const visit = (sections: NumberedSection[]) => {
    for (const section of sections) {
      for (const clause of section.clauses) sectionOf.set(clause.id, section);
      visit(section.children);
    }
  };
  visit(outline);
  // Reading order as numberedClauses gives it, so the matrix follows the page.
  return new Map(
    numberedClauses(outline).map((clause, order) => [
      clause.id,
      { number: clause.number, section: sectionOf.get(clause.id)!, order },
    ]),
  );
}

/** The section and every section nested in it. */
function sectionAndDescendants(sections: Framework['sections'], sectionId: string): Set<string> {
  const ids = new Set([sectionId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of sections) {
      if (s.parentId !== null && ids.has(s.parentId) && !ids.has(s.id)) {
        ids.add(s.id);
        grew = true;
      }
    }
  }
  return ids;
}

/**
 * Each thread's standing vote: the one no later vote supersedes, on its response or its wording
 * (the response's if both: it is what the matrix's column is about), the latest opened first.
 */
function standingVotes(votes: readonly VoteView[]): Map<string, MatrixVote> {
  const byThread = new Map<string, { vote: VoteView; rank: number }>();
  for (const vote of votes) {
    const { subject } = vote;
    if ((subject.kind !== 'response' && subject.kind !== 'proposal') || vote.supersededBy !== null) continue;
    const rank = (subject.kind === 'response' ? 2 : 1) * 1e15 + vote.openedAt;
    const held = byThread.get(subject.threadId);
    if (held === undefined || rank > held.rank) byThread.set(subject.threadId, { vote, rank });
  }
  return new Map(
    [...byThread].map(([threadId, { vote }]) => [
      threadId,
      {
        voteId: vote.id,
        subjectKind: vote.subject.kind as MatrixVote['subjectKind'],
        rule: vote.rule,
        state: vote.state,
        result: vote.result,
        closedAt: vote.closedAt,
      },
    ]),
  );
}

function toRow(thread: ThreadView, place: ClausePlace | undefined, vote: MatrixVote | null): MatrixRow {
  const [opening, ...replies] = thread.comments;
  let commentState: MatrixRow['commentState'] = 'visible';
  // No opening comment should not happen; show it as hidden rather than as an empty comment.
  if (!opening) commentState = 'hidden';
  else if (opening.withdrawnAt !== null) commentState = 'withdrawn';
  else if (opening.hidden) commentState = 'hidden';
  return {
    threadId: thread.id,
    stakeholderId: thread.stakeholderId,
    clauseNumber: place?.number ?? '',
    sectionNumber: place?.section.number ?? '',
    sectionTitle: place ? { ...place.section.title } : { en: '', zh: '' },
    passage: thread.passage && {
      language: thread.passage.language,
      quote: thread.passage.quote,
      detached: thread.passage.now.state === 'detached',
    },
    kind: thread.kind,
    comment: commentState === 'withdrawn' ? null : (opening?.body ?? null),
    commentState,
    authorName: thread.author.name,
    proposal: thread.proposal && { action: thread.proposal.action, text: thread.proposal.text },
    replyCount: replies.length,
    response: thread.response && {
      status: thread.response.status,
      explanation: { ...thread.response.explanation },
    },
    applied: thread.applied !== null,
    vote,
    threadStatus: thread.status,
    duplicateOf: thread.duplicateOf,
    createdAt: thread.createdAt,
  };
}

/**
 * Builds the matrix as the reader may see it (`input.threads` are already the reader's views).
 * Groups follow `input.stakeholders`; threads of no known stakeholder come last. A member state
 * or partner with no rows keeps its group, so its review status ("no comments") still shows,
 * except when a filter narrows the rows (an empty group would then say nothing about it).
 */
export function buildMatrix(input: MatrixInput, filters: MatrixFilters): MatrixView {
  const places = placeClauses(outlineFramework(input.framework));
  const inSection = filters.sectionId ? sectionAndDescendants(input.framework.sections, filters.sectionId) : null;

  const votes = standingVotes(input.votes ?? []);
  const rows: { row: MatrixRow; order: number }[] = [];
  for (const thread of input.threads) {
    if (filters.stakeholderId !== undefined && thread.stakeholderId !== filters.stakeholderId) continue;
    if (filters.kind !== undefined && thread.kind !== filters.kind) continue;
    if (filters.response !== undefined && (thread.response?.status ?? 'none') !== filters.response) continue;
    const place = places.get(thread.clauseId);
    if (inSection && !(place && inSection.has(place.section.id))) continue;
    // Threads on a clause no longer in the outline sort after every clause.
    rows.push({
      row: toRow(thread, place, votes.get(thread.id) ?? null),
      order: place?.order ?? Number.POSITIVE_INFINITY,
    });
  }
  rows.sort(
    (a, b) =>
      a.order - b.order ||
      a.row.createdAt - b.row.createdAt ||
      (a.row.threadId < b.row.threadId ? -1 : a.row.threadId > b.row.threadId ? 1 : 0),
  );

  const known = new Set(input.stakeholders.map((s) => s.id));
  const rowsOf = new Map<string | null, MatrixRow[]>();
  for (const { row } of rows) {
    const key = row.stakeholderId !== null && known.has(row.stakeholderId) ? row.stakeholderId : null;
    const list = rowsOf.get(key);
    if (list) list.push(row);
    else rowsOf.set(key, [row]);
  }

  const narrowed = filters.sectionId !== undefined || filters.kind !== undefined || filters.response !== undefined;
  const reviewStatusOf = new Map(input.reviewStatuses.map((r) => [r.stakeholderId, r.status]));
  const groups: MatrixGroup[] = [];
  for (const stakeholder of input.stakeholders) {
    const groupRows = rowsOf.get(stakeholder.id) ?? [];
    const keepEmpty =
      stakeholder.kind !== 'secretariat' &&
      !narrowed &&
      (filters.stakeholderId === undefined || filters.stakeholderId === stakeholder.id);
    if (groupRows.length === 0 && !keepEmpty) continue;
    groups.push({
      stakeholder,
      reviewStatus: reviewStatusOf.get(stakeholder.id) ?? 'not_started',
      rows: groupRows,
    });
  }
  const unattributed = rowsOf.get(null);
  if (unattributed) groups.push({ stakeholder: null, reviewStatus: null, rows: unattributed });

  return { groups, rowCount: rows.length };
}
