import { type Actor, type BallotView, computeVoteResult, type VoteView } from '@accord/shared';
import { type PeopleById, personRef } from '../comments/threadViews.ts';
import type { BallotRecord, VoteWithBallots } from '../storage/Storage.ts';

/**
 * A vote as this reader sees it. Every country's choice is public on the consultation (the
 * tally is the point); which delegate cast it is for that delegation and the secretariat.
 * An open vote shows the result "if it closed now", by the same rule that will freeze it.
 */
export function voteView({ vote, ballots, supersededBy }: VoteWithBallots, people: PeopleById, actor: Actor): VoteView {
  const members = new Set(vote.memberStates);
  const ballotView = (ballot: BallotRecord): BallotView => ({
    stakeholderId: ballot.stakeholderId,
    choice: ballot.choice,
    at: ballot.at,
    by:
      actor.role === 'secretariat' || actor.stakeholderId === ballot.stakeholderId
        ? personRef(people, ballot.personId)
        : null,
  });
  return {
    id: vote.id,
    consultationId: vote.consultationId,
    subject: vote.subject,
    question: { ...vote.question },
    rule: { ...vote.rule },
    advisory: vote.advisory,
    state: vote.closed === null ? 'open' : 'closed',
    openedBy: personRef(people, vote.openedById),
    openedAt: vote.openedAt,
    closesAt: vote.closesAt,
    closedAt: vote.closed?.at ?? null,
    closedBy: vote.closed?.byId ? personRef(people, vote.closed.byId) : null,
    memberStates: [...vote.memberStates],
    ballots: ballots.filter((b) => members.has(b.stakeholderId)).map(ballotView),
    advisoryPositions: ballots.filter((b) => !members.has(b.stakeholderId)).map(ballotView),
    result: vote.closed?.result ?? computeVoteResult(vote.rule, vote.memberStates, ballots),
    supersedes: vote.supersedes,
    supersededBy,
  };
}
