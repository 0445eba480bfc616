import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type CastBallotRequest,
  computeVoteResult,
  MAX_VOTE_DURATION_MS,
  type OpenVoteInput,
  type VoteView,
  voteSubjectKey,
} from '@accord/shared';
import { peopleById, requireAllowed, requireReadableConsultation } from '../auth/policy.ts';
import type { Acting } from '../comments/ThreadService.ts';
import { conflict, HttpError, notFound } from '../http/errors.ts';
import type { Notify } from '../notifications/NotificationService.ts';
import type { RealtimeEvents } from '../realtime/RealtimeEvents.ts';
import type { AuditRecord, Storage, VoteRecord, VoteWithBallots } from '../storage/Storage.ts';
import { voteView } from './voteViews.ts';

export interface VoteServiceDeps {
  storage: Storage;
  realtime: RealtimeEvents;
  now?: () => number;
  /** Told when a vote with a closing time opens here, so the clock sets its timer at once. */
  onTimedVoteOpened?: () => void;
  /** Told of each vote opened (notifications of the delegates it counts); absent: nobody is notified. */
  notify?: Notify;
}

/**
 * Votes of the member states. Every method checks the shared policy (`decide`), writes through
 * the store's transactions (one open vote per subject, ballots counted exactly once, a ballot
 * racing the close either counted or refused), tells every page of the consultation, and
 * answers with the vote as this person may see it.
 *
 * A vote past its closing time is closed by `VoteClock` on time, and by any read or ballot that
 * finds it still open (so a missed timer never lets a late ballot in or shows a stale result).
 */
export class VoteService {
  private readonly now: () => number;

  constructor(private readonly deps: VoteServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  async list({ actor }: Acting, consultationId: string): Promise<VoteView[]> {
    await requireReadableConsultation(this.deps.storage, actor, consultationId);
    let votes = await this.deps.storage.listVotes(consultationId);
    if (await this.closeOverdue(votes)) votes = await this.deps.storage.listVotes(consultationId);
    const people = await peopleById(this.deps.storage);
    return votes.map((vote) => voteView(vote, people, actor));
  }

  async get({ actor }: Acting, consultationId: string, voteId: string): Promise<VoteView> {
    await requireReadableConsultation(this.deps.storage, actor, consultationId);
    return this.viewOf(actor, consultationId, voteId);
  }

  private async viewOf(actor: Actor, consultationId: string, voteId: string): Promise<VoteView> {
    let vote = await this.requireVote(consultationId, voteId);
    if (await this.closeOverdue([vote])) vote = await this.requireVote(consultationId, voteId);
    return voteView(vote, await peopleById(this.deps.storage), actor);
  }

  async open({ actor }: Acting, consultationId: string, input: OpenVoteInput): Promise<VoteView> {
    await requireReadableConsultation(this.deps.storage, actor, consultationId);
    requireAllowed(actor, 'vote.manage', { consultationId });
    const { storage } = this.deps;
    const { subject } = input;
    if (subject.kind === 'response' || subject.kind === 'proposal') {
      const found = await storage.getThread(subject.threadId);
      if (found === null || found.thread.consultationId !== consultationId) throw notFound('Thread');
      if (subject.kind === 'response' && found.thread.response === null)
        throw conflict('The secretariat has not responded to this thread yet: respond first.', 'no_response_yet');
      if (subject.kind === 'proposal' && found.thread.kind !== 'proposal')
        throw conflict('This thread proposes no wording to vote on.', 'not_a_proposal');
    } else if (subject.kind === 'clause' && !(await storage.clauseExists(consultationId, subject.clauseId))) {
      throw notFound('Clause');
    }

    const memberStates = (await storage.listStakeholders()).filter((s) => s.kind === 'member_state').map((s) => s.id);
    if (input.rule.quorum > memberStates.length)
      throw new HttpError(
        400,
        'invalid_input',
        `rule.quorum: at most ${memberStates.length}, the number of member states`,
        'quorum_too_large',
      );
    const at = this.now();
    if (input.closesAt !== null && (input.closesAt <= at || input.closesAt > at + MAX_VOTE_DURATION_MS))
      throw new HttpError(
        400,
        'invalid_input',
        'closesAt: a closing time in the future, at most 90 days away',
        'bad_closing_time',
      );

    const subjectKey = voteSubjectKey(subject, consultationId);
    const earlier = (await storage.listVotes(consultationId)).filter((v) => v.vote.subjectKey === subjectKey);
    await this.closeOverdue(earlier);
    const latest = earlier.at(-1);
    const vote: VoteRecord = {
      id: randomUUID(),
      consultationId,
      subject,
      subjectKey,
      question: input.question,
      rule: input.rule,
      advisory: input.advisory,
      memberStates,
      openedById: actor.personId,
      openedAt: at,
      closesAt: input.closesAt,
      closed: null,
      // A new vote on the same subject replaces the last one (which must be closed by now).
      supersedes: latest?.vote.id ?? null,
    };
    const audit = this.audit(actor.personId, consultationId, 'vote.open', vote.id, null, {
      subject,
      rule: input.rule,
      closesAt: input.closesAt,
      supersedes: vote.supersedes,
    });
    if (!(await storage.createVote(vote, audit)))
      throw conflict('A vote on this is already open: close it first.', 'vote_already_open');
    this.changed(consultationId, [vote.id, ...(vote.supersedes ? [vote.supersedes] : [])]);
    // After the pages are told: notifying its member states' delegates waits for nobody.
    await this.deps.notify?.({ kind: 'vote.opened', consultationId, voteId: vote.id, actorId: actor.personId });
    if (vote.closesAt !== null) this.deps.onTimedVoteOpened?.();
    return this.viewOf(actor, consultationId, vote.id);
  }

  /**
   * A member state's ballot (or, in a vote that takes them, a partner's advisory position), for
   * `stakeholderId`, which must be the person's own: the country comes from the session.
   */
  async cast(
    { actor }: Acting,
    consultationId: string,
    voteId: string,
    stakeholderId: string,
    request: CastBallotRequest,
  ): Promise<VoteView> {
    await requireReadableConsultation(this.deps.storage, actor, consultationId);
    const { vote } = await this.requireVote(consultationId, voteId);
    const stakeholder = await this.deps.storage.getStakeholder(stakeholderId);
    if (stakeholder === null) throw notFound('Stakeholder');
    const counted = vote.memberStates.includes(stakeholderId);
    const at = this.now();
    const open = vote.closed === null && (vote.closesAt === null || at < vote.closesAt);
    requireAllowed(actor, counted || stakeholder.kind === 'member_state' ? 'vote.cast' : 'vote.advise', {
      consultationId,
      stakeholderId,
      vote: { open, advisory: vote.advisory },
    });
    // A member state that joined after the vote opened is not in its tally.
    if (!counted && stakeholder.kind !== 'partner')
      throw conflict('This vote was opened before your country joined the consultation.');

    const outcome = await this.deps.storage.castBallot(
      { voteId, stakeholderId, choice: request.choice, personId: actor.personId, at },
      (previous) =>
        this.audit(actor.personId, consultationId, 'vote.ballot', voteId, null, {
          stakeholderId,
          from: previous,
          to: request.choice,
          advisory: !counted,
        }),
    );
    switch (outcome.status) {
      case 'not_found':
        throw notFound('Vote');
      case 'closed':
        await this.closeOverdue([await this.requireVote(consultationId, voteId)]);
        throw conflict('The vote is closed: its result is final.', 'vote_closed');
      case 'cast':
        this.changed(consultationId, [voteId]);
        break;
      case 'unchanged':
        break;
    }
    return this.viewOf(actor, consultationId, voteId);
  }

  async close({ actor }: Acting, consultationId: string, voteId: string): Promise<VoteView> {
    await requireReadableConsultation(this.deps.storage, actor, consultationId);
    requireAllowed(actor, 'vote.manage', { consultationId });
    const { vote } = await this.requireVote(consultationId, voteId);
    const closed = await this.closeVote(vote, actor.personId);
    if (closed === null) throw conflict('The vote is already closed.', 'vote_closed');
    return voteView(closed, await peopleById(this.deps.storage), actor);
  }

  /**
   * Closes a vote whose closing time has come (the clock calls this). Nothing if it is closed
   * already: several instances' clocks may race, the store lets one win.
   */
  async closeAtItsTime(voteId: string): Promise<boolean> {
    const found = await this.deps.storage.getVote(voteId);
    if (found === null || found.vote.closed !== null || found.vote.closesAt === null) return false;
    if (found.vote.closesAt > this.now()) return false;
    return (await this.closeVote(found.vote, null)) !== null;
  }

  // — helpers —

  /** Freezes the result by the vote's rule over the ballots read in the closing transaction. */
  private async closeVote(vote: VoteRecord, byId: string | null): Promise<VoteWithBallots | null> {
    // The rule and the member states never change after opening: the record read before will do.
    const closed = await this.deps.storage.closeVote(
      vote.id,
      { at: this.now(), byId },
      (ballots) => computeVoteResult(vote.rule, vote.memberStates, ballots),
      (result) =>
        // Closed by the clock: the audit log names the person who set the closing time.
        this.audit(
          byId ?? vote.openedById,
          vote.consultationId,
          'vote.close',
          vote.id,
          byId ? null : 'Closed at its closing time',
          {
            result,
          },
        ),
    );
    if (closed !== null) this.changed(vote.consultationId, [vote.id]);
    return closed;
  }

  /** Closes those of `votes` past their closing time; true if it closed any. */
  private async closeOverdue(votes: VoteWithBallots[]): Promise<boolean> {
    const at = this.now();
    let closedAny = false;
    for (const { vote } of votes) {
      if (vote.closed === null && vote.closesAt !== null && vote.closesAt <= at) {
        // Closed here or, meanwhile, elsewhere: either way it changed since it was read.
        await this.closeVote(vote, null);
        closedAny = true;
      }
    }
    return closedAny;
  }

  private async requireVote(consultationId: string, voteId: string): Promise<VoteWithBallots> {
    const found = await this.deps.storage.getVote(voteId);
    // Another consultation's vote does not exist from here.
    if (found === null || found.vote.consultationId !== consultationId) throw notFound('Vote');
    return found;
  }

  private audit(
    actorId: string,
    consultationId: string,
    action: AuditRecord['action'],
    voteId: string,
    reason: string | null,
    detail: Record<string, unknown>,
  ): AuditRecord {
    return { consultationId, actorId, action, target: `vote:${voteId}`, reason, detail, at: this.now() };
  }

  private changed(consultationId: string, voteIds: string[]): void {
    this.deps.realtime.publish(consultationId, { type: 'votes.changed', voteIds });
  }
}
