import {
  type Actor,
  type ClauseComparison,
  can,
  compareFrameworks,
  type FrameworkSnapshot,
  type LocalizedText,
  type MarkSeenRequest,
  type Person,
  type SinceLastVisit,
  type VisitBaseline,
  type VisitNewReplies,
  type VisitNewThread,
  type VisitResponse,
  type VisitVoteEvent,
} from '@accord/shared';
import { peopleById, requireReadableConsultation } from '../auth/policy.ts';
import type { ClauseDocuments } from '../collab/ClauseDocuments.ts';
import type { Acting } from '../comments/ThreadService.ts';
import { type PeopleById, personRef } from '../comments/threadViews.ts';
import { notFound } from '../http/errors.ts';
import type { Storage, ThreadWithComments, VoteWithBallots } from '../storage/Storage.ts';
import { clauseTextsOf, LatestVersions, readDraftFramework } from '../versions/draft.ts';

export interface VisitServiceDeps {
  storage: Storage;
  documents: ClauseDocuments;
  now?: () => number;
}

/**
 * Clause texts by clause id: what a person has seen. A Map, not an object: ids are opaque, and
 * one named "constructor" or "__proto__" must read and write as any other.
 */
type ClauseTexts = Map<string, LocalizedText>;

/** Where a person's changes are counted from, resolved. */
interface ResolvedBaseline {
  baseline: VisitBaseline;
  since: number | null;
  /** The texts they saw; null for `none`. */
  clauses: ClauseTexts | null;
}

/**
 * "Since your last visit": per person and consultation, what changed since they last marked the
 * changes seen (or, on their first visit, since the latest published version). Nothing here is
 * public or audited: a visit record is one person's reading state. Both operations are
 * `consultation.read`; nothing is pushed to other pages.
 *
 * The baseline is a time (`seen_at`: threads, replies, responses and votes after it are new)
 * and the text of each clause as this person saw it (the clauses whose draft text differs are
 * changed, with a word diff from what they saw). Texts rather than a time for the clauses: the
 * log of a clause document has no times, and a reader may mark clauses seen one at a time.
 */
export class VisitService {
  private readonly now: () => number;
  private readonly latestVersions: LatestVersions;

  constructor(private readonly deps: VisitServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.latestVersions = new LatestVersions(deps.storage);
  }

  async summary({ person, actor }: Acting, consultationId: string): Promise<SinceLastVisit> {
    await requireReadableConsultation(this.deps.storage, actor, consultationId);
    return this.summaryOf(person, actor, consultationId);
  }

  /**
   * Marks the changes seen as of `request.generatedAt` (see `markSeenRequestSchema`) and answers
   * with the summary as it now stands.
   *
   * `seen_at` becomes the earlier of `generatedAt` and now, so what arrived after the summary
   * was generated stays new; it never moves back (a second tab marking an older summary does
   * not bring back what the first marked). The clause texts: those given replace the stored
   * ones; without any, the draft texts as they are now are stored. That has a small race: an
   * edit made between the summary and this request is marked seen although it was never shown.
   * A client that sends the texts it showed (each diff's `to` side) avoids it.
   *
   * The first mark (no visit record yet) starts from the current baseline: the latest version's
   * texts, or with no version the draft's (the summary showed nothing, so the draft as it
   * stands is what the person has before them).
   */
  async markSeen({ person, actor }: Acting, consultationId: string, request: MarkSeenRequest): Promise<SinceLastVisit> {
    await requireReadableConsultation(this.deps.storage, actor, consultationId);
    const seenAt = Math.min(request.generatedAt, this.now());
    const { storage } = this.deps;
    const [visit, framework] = await Promise.all([
      storage.getVisit(consultationId, person.id),
      storage.getFramework(consultationId),
    ]);
    if (framework === null) throw notFound('Consultation');
    const known = new Set(framework.clauses.map((clause) => clause.id));

    let draft: ClauseTexts | undefined;
    const draftTexts = async () => {
      draft ??= clauseTextsOf(await this.draftFramework(consultationId));
      return draft;
    };
    let clauses: ClauseTexts;
    if (visit !== null) clauses = new Map(Object.entries(visit.clauses));
    else {
      const version = await this.latestVersion(consultationId);
      clauses = new Map(version ? version.clauses : await draftTexts());
    }
    if (request.clauses === undefined) for (const [clauseId, text] of await draftTexts()) clauses.set(clauseId, text);
    else {
      for (const [clauseId, text] of Object.entries(request.clauses)) {
        // Unknown ids are ignored: a clause may have gone since the summary, and what is stored
        // stays bounded by the framework.
        if (known.has(clauseId)) clauses.set(clauseId, { en: text.en, zh: text.zh });
      }
    }
    // Only clauses the framework has (a removed clause's text goes with it), in its order.
    const kept = framework.clauses.flatMap((clause) => {
      const text = clauses.get(clause.id);
      return text === undefined ? [] : [[clause.id, text] as const];
    });
    await storage.setVisit({
      consultationId,
      personId: person.id,
      seenAt: Math.max(visit?.seenAt ?? Number.NEGATIVE_INFINITY, seenAt),
      clauses: Object.fromEntries(kept),
    });
    return this.summaryOf(person, actor, consultationId);
  }

  // — helpers —

  private async summaryOf(person: Person, actor: Actor, consultationId: string): Promise<SinceLastVisit> {
    // Taken before anything is read: what lands while the summary is built is in it, and stays
    // new after a mark with this time (shown twice rather than never).
    const generatedAt = this.now();
    const { baseline, since, clauses: seen } = await this.baselineOf(consultationId, person.id);
    const empty: SinceLastVisit = {
      since,
      baseline,
      generatedAt,
      clauses: [],
      newThreads: [],
      newReplies: [],
      responsesToMine: [],
      votes: [],
    };
    if (since === null || seen === null) return empty;

    const { storage } = this.deps;
    const [draft, threads, votes, people] = await Promise.all([
      this.draftFramework(consultationId),
      storage.listThreads(consultationId),
      storage.listVotes(consultationId),
      peopleById(this.deps.storage),
    ]);
    return {
      ...empty,
      clauses: changedClauses(draft, seen, threads, since, generatedAt),
      ...activitySince(person, actor, consultationId, since, threads, people),
      votes: voteEvents(person, votes, since),
    };
  }

  /** The visit record if any, else the latest published version, else none. */
  private async baselineOf(consultationId: string, personId: string): Promise<ResolvedBaseline> {
    const visit = await this.deps.storage.getVisit(consultationId, personId);
    if (visit !== null)
      return { baseline: { kind: 'visit' }, since: visit.seenAt, clauses: new Map(Object.entries(visit.clauses)) };
    const version = await this.latestVersion(consultationId);
    if (version === null) return { baseline: { kind: 'none' }, since: null, clauses: null };
    return {
      baseline: { kind: 'version', versionId: version.id, title: version.title },
      since: version.publishedAt,
      clauses: version.clauses,
    };
  }

  private latestVersion(consultationId: string) {
    return this.latestVersions.read(consultationId);
  }

  private draftFramework(consultationId: string): Promise<FrameworkSnapshot> {
    return readDraftFramework(this.deps.storage, this.deps.documents, consultationId);
  }
}

/**
 * The clauses whose draft text differs from what this person saw, compared as the draft is laid
 * out now: the baseline is the draft's structure with the seen texts, and a clause they never saw
 * is `added`. (The framework's structure cannot change yet, so nothing is moved or removed; a
 * seen clause the draft no longer has is left out.) Each clause whose text changed names the
 * threads whose wording was applied to it after `since`, as `VersionService.compare` does.
 */
function changedClauses(
  draft: FrameworkSnapshot,
  seen: ClauseTexts,
  threads: ThreadWithComments[],
  since: number,
  until: number,
): ClauseComparison[] {
  const baseline: FrameworkSnapshot = {
    sections: draft.sections,
    clauses: draft.clauses.flatMap((clause) => {
      const text = seen.get(clause.id);
      return text === undefined ? [] : [{ ...clause, text: { en: text.en, zh: text.zh } }];
    }),
  };
  const changed = compareFrameworks(baseline, draft).clauses.filter(
    (clause) => clause.status !== 'unchanged' || clause.moved || clause.renumbered,
  );
  const applied = new Map<string, string[]>();
  for (const { thread } of [...threads].sort((x, y) => (x.thread.applied?.at ?? 0) - (y.thread.applied?.at ?? 0))) {
    if (thread.applied === null || thread.applied.at <= since || thread.applied.at > until) continue;
    applied.set(thread.clauseId, [...(applied.get(thread.clauseId) ?? []), thread.id]);
  }
  for (const clause of changed) {
    if (clause.text.en.changed || clause.text.zh.changed) clause.threadIds = applied.get(clause.clauseId) ?? [];
  }
  return changed;
}

/**
 * Threads started, replies posted and responses given after `since`, by others, as this reader
 * may see them: a withdrawn reply never counts, a hidden one only for those who may read hidden
 * comments (the summary carries no bodies, but a reader must not learn that a reply they cannot
 * read was posted beyond what the thread itself shows them: a placeholder is nothing to read).
 */
function activitySince(
  person: Person,
  actor: Actor,
  consultationId: string,
  since: number,
  threads: ThreadWithComments[],
  people: PeopleById,
): Pick<SinceLastVisit, 'newThreads' | 'newReplies' | 'responsesToMine'> {
  const readsHidden = can(actor, 'comment.readHidden', { consultationId });
  const newThreads: VisitNewThread[] = [];
  const newReplies: VisitNewReplies[] = [];
  const responsesToMine: VisitResponse[] = [];
  for (const { thread, comments } of threads) {
    if (thread.createdAt > since && thread.authorId !== person.id) {
      newThreads.push({
        threadId: thread.id,
        clauseId: thread.clauseId,
        kind: thread.kind,
        author: personRef(people, thread.authorId),
        stakeholderId: thread.stakeholderId,
        createdAt: thread.createdAt,
      });
    }

    // The opening comment is the thread itself; replies follow, oldest first.
    const replies = comments
      .slice(1)
      .filter(
        (c) =>
          c.createdAt > since &&
          c.authorId !== person.id &&
          c.withdrawnAt === null &&
          (c.hidden === null || readsHidden),
      );
    if (replies.length > 0) {
      newReplies.push({
        threadId: thread.id,
        clauseId: thread.clauseId,
        count: replies.length,
        latestAt: Math.max(...replies.map((c) => c.createdAt)),
        mine: thread.authorId === person.id || comments.some((c) => c.authorId === person.id),
      });
    }

    const ours =
      person.stakeholderId !== null ? thread.stakeholderId === person.stakeholderId : thread.authorId === person.id;
    const { response } = thread;
    if (ours && response !== null && response.at > since && response.byId !== person.id) {
      responsesToMine.push({
        threadId: thread.id,
        clauseId: thread.clauseId,
        status: response.status,
        at: response.at,
      });
    }
  }
  newReplies.sort((a, b) => a.latestAt - b.latestAt);
  responsesToMine.sort((a, b) => a.at - b.at);
  return { newThreads, newReplies, responsesToMine };
}

/** Votes opened or closed after `since`, oldest event first, but for what this person did. */
function voteEvents(person: Person, votes: VoteWithBallots[], since: number): VisitVoteEvent[] {
  const events: VisitVoteEvent[] = [];
  for (const { vote } of votes) {
    const about = { voteId: vote.id, subject: vote.subject, question: { ...vote.question } };
    if (vote.openedAt > since && vote.openedById !== person.id)
      events.push({ ...about, event: 'opened', at: vote.openedAt });
    const { closed } = vote;
    if (closed !== null && closed.at > since && closed.byId !== person.id)
      events.push({ ...about, event: 'closed', at: closed.at, outcome: closed.result.outcome });
  }
  return events.sort((a, b) => a.at - b.at);
}
