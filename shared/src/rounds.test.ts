import { describe, expect, it } from 'vitest';
import {
  createRoundRequestSchema,
  currentRound,
  effectiveRoundState,
  ROUND_STATES,
  type Round,
  updateRoundRequestSchema,
} from './rounds.ts';

const OPENS = 1_000_000;
const CLOSES = 2_000_000;

const round = (over: Partial<Round> = {}): Round => ({
  id: 'r1',
  consultationId: 'c',
  title: { en: 'First round', zh: '第一轮' },
  opensAt: OPENS,
  closesAt: CLOSES,
  state: 'drafting',
  createdBy: 'p',
  createdAt: 1,
  updatedAt: 1,
  ...over,
});

describe('effectiveRoundState', () => {
  it('moves drafting to open at opensAt, and to consolidation at closesAt (to the millisecond)', () => {
    const drafting = round({ state: 'drafting' });
    expect(effectiveRoundState(drafting, OPENS - 1)).toBe('drafting');
    expect(effectiveRoundState(drafting, OPENS)).toBe('open');
    expect(effectiveRoundState(drafting, CLOSES - 1)).toBe('open');
    expect(effectiveRoundState(drafting, CLOSES)).toBe('consolidation');
  });

  it('moves open to consolidation at closesAt, and keeps an early open round open', () => {
    const open = round({ state: 'open' });
    expect(effectiveRoundState(open, OPENS - 1)).toBe('open');
    expect(effectiveRoundState(open, CLOSES - 1)).toBe('open');
    expect(effectiveRoundState(open, CLOSES)).toBe('consolidation');
  });

  it('never moves consolidation or closed: the secretariat closes a round by hand', () => {
    for (const state of ['consolidation', 'closed'] as const)
      for (const now of [0, OPENS - 1, OPENS, CLOSES - 1, CLOSES, CLOSES * 10])
        expect(effectiveRoundState(round({ state }), now)).toBe(state);
  });

  it('gives every state for some time and stored state (nothing else)', () => {
    const seen = new Set<string>();
    for (const state of ROUND_STATES)
      for (const now of [0, OPENS, CLOSES]) seen.add(effectiveRoundState(round({ state }), now));
    expect([...seen].sort()).toEqual([...ROUND_STATES].sort());
  });
});

describe('currentRound', () => {
  it('is null without rounds (a workshop: no round rule)', () => {
    expect(currentRound([], 0)).toBeNull();
  });

  it('is the most recently opened closed round when every round is closed (read only until another opens)', () => {
    const first = round({ id: 'r1', state: 'closed' });
    const second = round({ id: 'r2', opensAt: CLOSES, closesAt: CLOSES + 1, state: 'closed' });
    expect(currentRound([second, first], OPENS)).toMatchObject({ id: 'r2', state: 'closed' });
  });

  it('is the most recently opened round that is not closed, in its effective state', () => {
    const first = round({ id: 'r1', state: 'consolidation' });
    const second = round({ id: 'r2', opensAt: CLOSES + 10, closesAt: CLOSES + 1000, state: 'drafting' });
    const closed = round({ id: 'r3', opensAt: CLOSES + 20, closesAt: CLOSES + 2000, state: 'closed' });
    expect(currentRound([second, closed, first], CLOSES + 5)).toMatchObject({ id: 'r2', state: 'drafting' });
    expect(currentRound([first, second, closed], CLOSES + 10)).toMatchObject({ id: 'r2', state: 'open' });
    expect(currentRound([first, closed], CLOSES + 10)).toMatchObject({ id: 'r1', state: 'consolidation' });
  });

  it('breaks a tie of opening times by the later creation', () => {
    const a = round({ id: 'a', createdAt: 5 });
    const b = round({ id: 'b', createdAt: 6 });
    expect(currentRound([b, a], 0)?.id).toBe('b');
    expect(currentRound([a, b], 0)?.id).toBe('b');
  });
});

describe('round requests', () => {
  const valid = { title: { en: 'Round 1', zh: '' }, opensAt: OPENS, closesAt: CLOSES };

  it('accepts a title in one language, and starts in drafting', () => {
    expect(createRoundRequestSchema.parse(valid)).toEqual({ ...valid, state: 'drafting' });
  });

  it('refuses no title, dates in the wrong order, equal dates, non-integers, unknown fields and states', () => {
    for (const bad of [
      { ...valid, title: { en: ' ', zh: '' } },
      { ...valid, opensAt: CLOSES, closesAt: OPENS },
      { ...valid, closesAt: OPENS },
      { ...valid, opensAt: 1.5 },
      { ...valid, opensAt: '1000000' },
      { ...valid, extra: true },
      { ...valid, state: 'archived' },
      { opensAt: OPENS, closesAt: CLOSES },
    ])
      expect(createRoundRequestSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('changes a state or dates, and refuses an empty or inconsistent change', () => {
    expect(updateRoundRequestSchema.parse({ state: 'closed' })).toEqual({ state: 'closed' });
    expect(updateRoundRequestSchema.safeParse({}).success).toBe(false);
    expect(updateRoundRequestSchema.safeParse({ opensAt: CLOSES, closesAt: OPENS }).success).toBe(false);
    expect(updateRoundRequestSchema.safeParse({ state: 'later' }).success).toBe(false);
  });
});
