import { describe, expect, it } from 'vitest';
import {
  type BallotInput,
  computeVoteResult,
  openVoteRequestSchema,
  type VoteChoice,
  type VoteRule,
  voteSubjectKey,
} from './votes.ts';

const STATES = ['china', 'cambodia', 'laos', 'myanmar', 'thailand', 'vietnam'] as const;
const consensus = (quorum = 4): VoteRule => ({ kind: 'consensus', quorum });
const majority = (quorum = 4): VoteRule => ({ kind: 'majority', quorum });

/** Ballots from a string, one letter per state in STATES order: a(gree) o(bject) b(abstain) -(none). */
function ballots(pattern: string): BallotInput[] {
  const choices: Record<string, VoteChoice> = { a: 'agree', o: 'object', b: 'abstain' };
  return [...pattern].flatMap((letter, i) => {
    const choice = choices[letter];
    const state = STATES[i];
    return choice && state ? [{ stakeholderId: state, choice }] : [];
  });
}
const outcome = (rule: VoteRule, pattern: string) => {
  const { outcome, reason } = computeVoteResult(rule, STATES, ballots(pattern));
  return `${outcome}/${reason}`;
};

describe('computeVoteResult: consensus', () => {
  it('adopts when nobody objects and the quorum voted', () => {
    expect(outcome(consensus(), 'aaaaaa')).toBe('adopted/no_objection');
    expect(outcome(consensus(), 'aaab--')).toBe('adopted/no_objection');
    expect(outcome(consensus(6), 'abbbbb')).toBe('adopted/no_objection');
  });

  it('fails on a single objection, however many agree', () => {
    expect(outcome(consensus(), 'aaaaao')).toBe('not_adopted/objection');
    expect(outcome(consensus(), 'oaaa--')).toBe('not_adopted/objection');
  });

  it('decides nothing below the quorum, even with an objection', () => {
    expect(outcome(consensus(), 'aaa---')).toBe('no_quorum/quorum_not_reached');
    expect(outcome(consensus(), 'ao----')).toBe('no_quorum/quorum_not_reached');
    expect(outcome(consensus(1), '------')).toBe('no_quorum/quorum_not_reached');
  });

  it('counts abstentions towards the quorum but adopts nothing nobody supports', () => {
    expect(outcome(consensus(), 'bbbb--')).toBe('not_adopted/no_support');
    expect(outcome(consensus(6), 'bbbbbb')).toBe('not_adopted/no_support');
    expect(outcome(consensus(), 'abbb--')).toBe('adopted/no_objection');
  });

  it('reaches the quorum exactly at N', () => {
    expect(outcome(consensus(3), 'aa----')).toBe('no_quorum/quorum_not_reached');
    expect(outcome(consensus(3), 'aab---')).toBe('adopted/no_objection');
  });
});

describe('computeVoteResult: majority', () => {
  it('adopts when more states agree than object', () => {
    expect(outcome(majority(), 'aaaoob')).toBe('adopted/more_agree');
    expect(outcome(majority(), 'aaoob-')).toBe('not_adopted/tie');
    expect(outcome(majority(), 'aooo--')).toBe('not_adopted/more_object');
    expect(outcome(majority(), 'aaaaao')).toBe('adopted/more_agree');
  });

  it('does not adopt on a tie', () => {
    expect(outcome(majority(), 'aaaooo')).toBe('not_adopted/tie');
  });

  it('leaves abstentions out of the count, and all-abstain adopts nothing', () => {
    expect(outcome(majority(), 'abbbbb')).toBe('adopted/more_agree');
    expect(outcome(majority(), 'bbbbbb')).toBe('not_adopted/no_support');
  });

  it('needs its quorum too', () => {
    expect(outcome(majority(4), 'aaa---')).toBe('no_quorum/quorum_not_reached');
  });
});

describe('computeVoteResult: ballots', () => {
  it('counts the latest ballot of a state that changed its vote', () => {
    const changed: BallotInput[] = [
      ...ballots('aaaa--'),
      { stakeholderId: 'laos', choice: 'object' },
      { stakeholderId: 'laos', choice: 'abstain' },
      { stakeholderId: 'china', choice: 'object' },
    ];
    const result = computeVoteResult(consensus(), STATES, changed);
    expect(result.tally).toEqual({ agree: 2, object: 1, abstain: 1, voted: 4, notVoted: 2 });
    expect(result.objectors).toEqual(['china']);
    expect(result.outcome).toBe('not_adopted');
    // Withdrawing the objection before closing adopts it.
    const withdrawn = computeVoteResult(consensus(), STATES, [...changed, { stakeholderId: 'china', choice: 'agree' }]);
    expect(withdrawn).toMatchObject({ outcome: 'adopted', objectors: [] });
  });

  it('ignores ballots of anyone not a member state of the vote (partners advise, never count)', () => {
    const result = computeVoteResult(consensus(), STATES, [
      ...ballots('aaaa--'),
      { stakeholderId: 'tnc', choice: 'object' },
      { stakeholderId: 'ci', choice: 'object' },
    ]);
    expect(result).toMatchObject({ outcome: 'adopted', objectors: [] });
    expect(result.tally.voted).toBe(4);
  });

  it('tallies every state once and lists objectors in member-state order', () => {
    const result = computeVoteResult(majority(1), STATES, [
      { stakeholderId: 'vietnam', choice: 'object' },
      { stakeholderId: 'cambodia', choice: 'object' },
      { stakeholderId: 'vietnam', choice: 'object' },
    ]);
    expect(result.tally).toEqual({ agree: 0, object: 2, abstain: 0, voted: 2, notVoted: 4 });
    expect(result.objectors).toEqual(['cambodia', 'vietnam']);
  });

  it('gives the same answer for every order of the same final ballots', () => {
    const final = ballots('aobab-');
    const reversed = [...final].reverse();
    expect(computeVoteResult(majority(), STATES, reversed)).toEqual(computeVoteResult(majority(), STATES, final));
  });
});

describe('opening a vote', () => {
  const valid = {
    subject: { kind: 'response', threadId: 't1' },
    question: { en: 'Agree?', zh: '' },
    rule: { kind: 'consensus', quorum: 4 },
  };

  it('takes defaults: no advisory positions, no closing time', () => {
    expect(openVoteRequestSchema.parse(valid)).toMatchObject({ advisory: false, closesAt: null });
  });

  it('refuses a question in neither language, a bad rule or subject', () => {
    expect(openVoteRequestSchema.safeParse({ ...valid, question: { en: ' ', zh: '' } }).success).toBe(false);
    expect(openVoteRequestSchema.safeParse({ ...valid, rule: { kind: 'unanimity', quorum: 4 } }).success).toBe(false);
    expect(openVoteRequestSchema.safeParse({ ...valid, rule: { kind: 'majority', quorum: 0 } }).success).toBe(false);
    expect(openVoteRequestSchema.safeParse({ ...valid, subject: { kind: 'clause' } }).success).toBe(false);
    expect(openVoteRequestSchema.safeParse({ ...valid, question: { en: 'a\u0000', zh: '' } }).success).toBe(false);
  });

  it('keys a subject by what it points at', () => {
    expect(voteSubjectKey({ kind: 'response', threadId: 't1' }, 'c')).toBe('t1');
    expect(voteSubjectKey({ kind: 'clause', clauseId: 'k' }, 'c')).toBe('k');
    expect(voteSubjectKey({ kind: 'framework' }, 'c')).toBe('c');
  });
});
