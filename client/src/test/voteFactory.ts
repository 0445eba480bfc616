import { type BallotInput, computeVoteResult, type VoteView } from '@accord/shared';

/** The six member states of the tests, in the tally's order. */
export const MEMBER_STATES = ['kh', 'cn', 'la', 'mm', 'th', 'vn'];

/**
 * A vote for tests: an open consensus vote on the whole framework, quorum 4 of the six member
 * states, no ballots; with whatever `fields` say. Its result is computed from its ballots by the
 * shared rule, as the server does. For tests only (nothing the app bundles imports it).
 */
export function makeVote(fields: Partial<VoteView> & Pick<VoteView, 'id'>): VoteView {
  const vote: VoteView = {
    consultationId: 'c',
    subject: { kind: 'framework' },
    question: { en: 'Do the member states agree?', zh: '成员国是否同意？' },
    rule: { kind: 'consensus', quorum: 4 },
    advisory: false,
    state: 'open',
    openedBy: { personId: 's', name: 'Li Wei' },
    openedAt: 1,
    closesAt: null,
    closedAt: null,
    closedBy: null,
    memberStates: MEMBER_STATES,
    ballots: [],
    advisoryPositions: [],
    result: computeVoteResult({ kind: 'consensus', quorum: 4 }, MEMBER_STATES, []),
    supersedes: null,
    supersededBy: null,
    ...fields,
  };
  const ballots: BallotInput[] = vote.ballots.map(({ stakeholderId, choice }) => ({ stakeholderId, choice }));
  return fields.result ? vote : { ...vote, result: computeVoteResult(vote.rule, vote.memberStates, ballots) };
}

/** A member state's ballot, cast by one of its delegates (`by` shown). */
export function ballot(stakeholderId: string, choice: BallotInput['choice'], at = 10): VoteView['ballots'][number] {
  return { stakeholderId, choice, at, by: { personId: `p-${stakeholderId}`, name: `Delegate of ${stakeholderId}` } };
}
