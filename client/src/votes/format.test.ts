import type { Action, Actor, MatrixVote, Role } from '@accord/shared';
import { capabilities as capabilitiesOf, computeVoteResult } from '@accord/shared';
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { zh } from '../i18n/zh.ts';
import { ballot, MEMBER_STATES, makeVote } from '../test/voteFactory.ts';
import { ballotRole } from './BallotControls.tsx';
import {
  chartLabel,
  chartSegments,
  closingTime,
  defaultQuestion,
  defaultQuorum,
  describeVoteAudit,
  formatTimeLeft,
  matrixVoteSummary,
  orderForPage,
  resultSentence,
  ruleSentence,
  subjectText,
} from './format.ts';

const i18n = i18next.createInstance();
let tEn: TFunction;
let tZh: TFunction;

beforeAll(async () => {
  await i18n.init({
    resources: { en: { translation: en }, zh: { translation: zh } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  tEn = i18n.getFixedT('en');
  tZh = i18n.getFixedT('zh');
});

const NAMES: Record<string, { en: string; zh: string }> = {
  kh: { en: 'Cambodia', zh: '柬埔寨' },
  cn: { en: 'China', zh: '中国' },
  la: { en: 'Lao PDR', zh: '老挝' },
  mm: { en: 'Myanmar', zh: '缅甸' },
  th: { en: 'Thailand', zh: '泰国' },
  vn: { en: 'Viet Nam', zh: '越南' },
};
const nameEn = (id: string) => NAMES[id]?.en ?? id;
const nameZh = (id: string) => NAMES[id]?.zh ?? id;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('formatTimeLeft', () => {
  it('says the time left in the largest units that matter, rounded up to the second', () => {
    expect(formatTimeLeft(4 * MINUTE + 30 * SECOND, tEn)).toBe('4 min 30 s left');
    expect(formatTimeLeft(4 * MINUTE + 29 * SECOND + 1, tEn)).toBe('4 min 30 s left');
    expect(formatTimeLeft(1, tEn)).toBe('1 s left');
    expect(formatTimeLeft(59 * SECOND, tEn)).toBe('59 s left');
    expect(formatTimeLeft(HOUR, tEn)).toBe('1 h 0 min left');
    expect(formatTimeLeft(2 * HOUR + 5 * MINUTE + 10 * SECOND, tEn)).toBe('2 h 5 min left');
    expect(formatTimeLeft(DAY, tEn)).toBe('1 day 0 h left');
    expect(formatTimeLeft(3 * DAY + 2 * HOUR, tEn)).toBe('3 days 2 h left');
  });

  it('says "closing" once the time passed, until the server closes the vote', () => {
    expect(formatTimeLeft(0, tEn)).toBe('Closing…');
    expect(formatTimeLeft(-5 * SECOND, tEn)).toBe('Closing…');
  });

  it('speaks Chinese', () => {
    expect(formatTimeLeft(4 * MINUTE + 30 * SECOND, tZh)).toBe('剩余 4 分 30 秒');
    expect(formatTimeLeft(3 * DAY + 2 * HOUR, tZh)).toBe('剩余 3 天 2 小时');
  });
});

describe('chartSegments', () => {
  it('lays agree, object, abstain and not voted side by side over all member states', () => {
    const tally = { agree: 3, object: 1, abstain: 0, voted: 4, notVoted: 2 };
    const segments = chartSegments(tally);
    const rounded = segments.map((s) => ({
      ...s,
      start: Math.round(s.start * 100) / 100,
      width: Math.round(s.width * 100) / 100,
    }));
    expect(rounded).toEqual([
      { choice: 'agree', count: 3, start: 0, width: 50 },
      { choice: 'object', count: 1, start: 50, width: 16.67 },
      { choice: 'none', count: 2, start: 66.67, width: 33.33 },
    ]);
    const last = segments[segments.length - 1];
    expect((last?.start ?? 0) + (last?.width ?? 0)).toBeCloseTo(100);
  });

  it('draws nothing without member states, and one full "not voted" segment before anyone votes', () => {
    expect(chartSegments({ agree: 0, object: 0, abstain: 0, voted: 0, notVoted: 0 })).toEqual([]);
    expect(chartSegments({ agree: 0, object: 0, abstain: 0, voted: 0, notVoted: 6 })).toEqual([
      { choice: 'none', count: 6, start: 0, width: 100 },
    ]);
  });

  it('has a text alternative with every count', () => {
    const tally = { agree: 3, object: 1, abstain: 1, voted: 5, notVoted: 1 };
    expect(chartLabel(tally, tEn)).toBe('Agree 3, object 1, abstain 1, not voted 1, of 6 member states');
    expect(chartLabel(tally, tZh)).toBe('6 个成员国中：赞成 3，反对 1，弃权 1，未投票 1');
  });
});

describe('resultSentence', () => {
  const consensus = { kind: 'consensus' as const, quorum: 4 };
  const open = (ballots: ReturnType<typeof ballot>[], rule = consensus) => makeVote({ id: 'v', rule, ballots });

  it('says what the result would be if the vote closed now', () => {
    const adopted = open(['kh', 'cn', 'la', 'mm'].map((id) => ballot(id, 'agree')));
    expect(resultSentence(adopted, nameEn, tEn, 'en')).toBe('If it closed now: Adopted by consensus');

    const objected = open([
      ballot('kh', 'agree'),
      ballot('cn', 'agree'),
      ballot('la', 'agree'),
      ballot('th', 'object'),
    ]);
    expect(resultSentence(objected, nameEn, tEn, 'en')).toBe('If it closed now: Not adopted (Thailand objected)');
    expect(resultSentence(objected, nameZh, tZh, 'zh')).toBe('若此刻结束：未通过（泰国反对）');

    const two = open([ballot('kh', 'agree'), ballot('vn', 'object'), ballot('la', 'agree'), ballot('th', 'object')]);
    expect(resultSentence(two, nameEn, tEn, 'en')).toBe(
      'If it closed now: Not adopted (Thailand and Viet Nam objected)',
    );

    const few = open([ballot('kh', 'agree'), ballot('cn', 'agree'), ballot('la', 'abstain')]);
    expect(resultSentence(few, nameEn, tEn, 'en')).toBe('If it closed now: No quorum (3 of 4 needed)');
  });

  it('says the final result once closed, by majority too', () => {
    const majority = { kind: 'majority' as const, quorum: 4 };
    const ballots = [ballot('kh', 'agree'), ballot('cn', 'agree'), ballot('la', 'object'), ballot('th', 'object')];
    const tie = makeVote({ id: 'v', rule: majority, ballots, state: 'closed', closedAt: 5 });
    expect(resultSentence(tie, nameEn, tEn, 'en')).toBe('Result: Not adopted (tied 2 to 2)');
    const won = makeVote({ id: 'v', rule: majority, ballots: [...ballots, ballot('vn', 'agree')], state: 'closed' });
    expect(resultSentence(won, nameEn, tEn, 'en')).toBe('Result: Adopted by majority (3 to 2)');
    expect(resultSentence(won, nameZh, tZh, 'zh')).toBe('结果：多数通过（3 比 2）');
  });
});

describe('sentences about a vote', () => {
  it('states the rule with its quorum', () => {
    expect(ruleSentence({ kind: 'consensus', quorum: 4 }, 6, tEn)).toBe('Consensus, quorum 4 of 6 member states');
    expect(ruleSentence({ kind: 'majority', quorum: 3 }, 6, tZh)).toBe('多数，法定人数：6 个成员国中的 3 个');
  });

  it('names what a vote is on, generically when the thread is not known', () => {
    const info = { threadNumber: 3, clauseNumber: '4.3' };
    expect(subjectText({ kind: 'response', threadId: 't' }, info, tEn)).toBe('the response to #3 on clause 4.3');
    expect(subjectText({ kind: 'proposal', threadId: 't' }, info, tEn)).toBe(
      'the wording proposed in #3 on clause 4.3',
    );
    expect(subjectText({ kind: 'response', threadId: 't' }, { threadNumber: null, clauseNumber: null }, tEn)).toBe(
      'the response to a thread',
    );
    expect(subjectText({ kind: 'clause', clauseId: 'c' }, info, tZh)).toBe('第4.3条');
    expect(subjectText({ kind: 'framework' }, info, tEn)).toBe('the whole framework');
  });

  it('starts the question of a new vote in both languages', () => {
    const info = { threadNumber: 3, clauseNumber: '4.3' };
    expect(defaultQuestion({ kind: 'response', threadId: 't' }, info, tEn, tZh)).toEqual({
      en: 'Do the member states agree with the secretariat’s response to #3 on clause 4.3?',
      zh: '成员国是否同意秘书处对第4.3条第3号意见的答复？',
    });
    expect(defaultQuestion({ kind: 'framework' }, info, tEn, tZh).zh).toBe('成员国是否同意框架全文？');
  });

  it('sums a vote up for the matrix', () => {
    const result = computeVoteResult({ kind: 'consensus', quorum: 4 }, MEMBER_STATES, [
      ...['kh', 'cn', 'la', 'mm', 'th'].map((stakeholderId) => ({ stakeholderId, choice: 'agree' as const })),
      { stakeholderId: 'vn', choice: 'abstain' },
    ]);
    const closed: MatrixVote = {
      voteId: 'v',
      subjectKind: 'response',
      rule: { kind: 'consensus', quorum: 4 },
      state: 'closed',
      result,
      closedAt: 5,
    };
    expect(matrixVoteSummary(closed, tEn, () => '25 Nov')).toBe(
      'Vote: Adopted by consensus — 5 agree, 0 object, 1 abstain (closed 25 Nov)',
    );
    const open: MatrixVote = {
      ...closed,
      state: 'open',
      closedAt: null,
      result: computeVoteResult(closed.rule, MEMBER_STATES, [
        { stakeholderId: 'kh', choice: 'agree' },
        { stakeholderId: 'la', choice: 'object' },
        { stakeholderId: 'th', choice: 'abstain' },
      ]),
    };
    expect(matrixVoteSummary(open, tEn, () => '')).toBe('Vote open: 3 of 6 voted');
  });

  it('reads the audit log’s vote entries', () => {
    const infoOf = () => ({ threadNumber: 3, clauseNumber: '4.3' });
    expect(
      describeVoteAudit('vote.ballot', { stakeholderId: 'la', from: 'agree', to: 'object' }, nameEn, infoOf, tEn),
    ).toBe('Lao PDR: Agree → Object');
    expect(
      describeVoteAudit('vote.ballot', { stakeholderId: 'la', from: null, to: 'abstain' }, nameZh, infoOf, tZh),
    ).toBe('老挝：弃权');
    const result = computeVoteResult({ kind: 'consensus', quorum: 1 }, MEMBER_STATES, [
      { stakeholderId: 'kh', choice: 'agree' },
    ]);
    expect(describeVoteAudit('vote.close', { result }, nameEn, infoOf, tEn)).toBe(
      'Adopted — 1 agree, 0 object, 0 abstain',
    );
    expect(
      describeVoteAudit(
        'vote.open',
        { subject: { kind: 'response', threadId: 't1' }, rule: { kind: 'majority', quorum: 4 } },
        nameEn,
        infoOf,
        tEn,
      ),
    ).toBe('On the response to #3 on clause 4.3; Majority, quorum 4');
    // Details this client does not know are listed as they are.
    expect(describeVoteAudit('vote.ballot', { to: 'maybe' }, nameEn, infoOf, tEn)).toBeNull();
  });
});

describe('the Votes page and the open-vote form', () => {
  it('lists open votes first, newest first, then closed ones, the latest closed first', () => {
    const votes = [
      makeVote({ id: 'old-open', openedAt: 1 }),
      makeVote({ id: 'closed-early', openedAt: 2, state: 'closed', closedAt: 10 }),
      makeVote({ id: 'new-open', openedAt: 5 }),
      makeVote({ id: 'closed-late', openedAt: 3, state: 'closed', closedAt: 20 }),
    ];
    const { open, closed } = orderForPage(votes);
    expect(open.map((v) => v.id)).toEqual(['new-open', 'old-open']);
    expect(closed.map((v) => v.id)).toEqual(['closed-late', 'closed-early']);
  });

  it('proposes a quorum of more than half of the member states', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(defaultQuorum)).toEqual([1, 2, 3, 3, 4, 4, 5]);
    expect(defaultQuorum(0)).toBe(1);
  });

  it('turns "Closes in" into a time by the server’s clock', () => {
    expect(closingTime('none', '', 1_000_000, 0)).toBeNull();
    expect(closingTime('m15', '', 1_000_000, 0)).toBe(1_000_000 + 15 * MINUTE);
    expect(closingTime('d1', '', 1_000_000, 0)).toBe(1_000_000 + DAY);
    const at = new Date(2030, 0, 2, 15, 30).getTime();
    expect(closingTime('custom', '2030-01-02T15:30', 0, at - 1)).toBe(at);
    expect(closingTime('custom', '2030-01-02T15:30', 0, at)).toBe('invalid');
    expect(closingTime('custom', '', 0, 0)).toBe('invalid');
  });
});

describe('ballotRole', () => {
  const actor = (role: Role, stakeholderId: string | null): Actor => ({ personId: 'p', role, stakeholderId });
  const can = (a: Actor): Record<Action, boolean> => capabilitiesOf(a);
  const open = makeVote({ id: 'v' });
  const advisory = makeVote({ id: 'v', advisory: true });

  it('gives delegates a ballot for their own country while the vote is open', () => {
    const laos = actor('delegate', 'la');
    expect(ballotRole(open, laos, can(laos))).toBe('cast');
    expect(ballotRole({ ...open, state: 'closed' }, laos, can(laos))).toBeNull();
    // A country that joined after the vote opened is not among its member states.
    const late = actor('delegate', 'new');
    expect(ballotRole(open, late, can(late))).toBeNull();
  });

  it('gives partners an advisory position only where the vote takes them', () => {
    const tnc = actor('partner', 'tnc');
    expect(ballotRole(open, tnc, can(tnc))).toBeNull();
    expect(ballotRole(advisory, tnc, can(tnc))).toBe('advise');
  });

  it('gives the secretariat and observers no ballot', () => {
    for (const who of [actor('secretariat', 'sec'), actor('observer', null), actor('observer', 'la')])
      expect(ballotRole(advisory, who, can(who))).toBeNull();
  });
});
