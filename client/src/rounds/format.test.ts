import { ROLES, ROUND_STATES, type Round } from '@accord/shared';
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { zh } from '../i18n/zh.ts';
import {
  formatDuration,
  fromDateTimeLocal,
  nextRoundState,
  nextTransition,
  roundTimeLeft,
  toDateTimeLocal,
  whatYouMayDo,
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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = 1_800_000_000_000;

const round = (state: Round['state'], opensAt: number, closesAt: number) => ({ state, opensAt, closesAt });

describe('round time left', () => {
  it('counts until comments close while open', () => {
    expect(roundTimeLeft(round('open', NOW - DAY, NOW + 3 * DAY + 4 * HOUR), NOW, tEn)).toBe(
      'Comments close in 3 days 4 h',
    );
    expect(roundTimeLeft(round('open', NOW - DAY, NOW + 3 * DAY + 4 * HOUR), NOW, tZh)).toBe(
      '3 天 4 小时后停止征求意见',
    );
  });

  it('counts until comments open while drafting', () => {
    expect(roundTimeLeft(round('drafting', NOW + 2 * HOUR, NOW + DAY), NOW, tEn)).toBe(
      'Opens for comments in 2 h 0 min',
    );
  });

  it('applies the dates: a drafting round past its opening counts to its closing', () => {
    expect(nextTransition(round('drafting', NOW - HOUR, NOW + HOUR), NOW)).toEqual({ kind: 'closes', at: NOW + HOUR });
    expect(roundTimeLeft(round('drafting', NOW - HOUR, NOW + 90_500), NOW, tEn)).toBe('Comments close in 1 min 31 s');
  });

  it('says nothing once no date moves the round on', () => {
    expect(roundTimeLeft(round('open', NOW - DAY, NOW - 1), NOW, tEn)).toBeNull();
    expect(roundTimeLeft(round('consolidation', NOW - DAY, NOW + DAY), NOW, tEn)).toBeNull();
    expect(roundTimeLeft(round('closed', NOW - DAY, NOW + DAY), NOW, tEn)).toBeNull();
  });

  it('rounds durations up to the second, one day in the singular', () => {
    expect(formatDuration(1, tEn)).toBe('1 s');
    expect(formatDuration(DAY, tEn)).toBe('1 day 0 h');
    expect(formatDuration(59_001, tEn)).toBe('1 min 0 s');
  });
});

describe('what you may do', () => {
  it('tells delegates the text is frozen while comments are open', () => {
    expect(whatYouMayDo('delegate', 'open', tEn)).toBe('You can comment; the text is frozen for delegations.');
    expect(whatYouMayDo('delegate', 'drafting', tEn)).toBe('You can edit the text; comments open with the round.');
    expect(whatYouMayDo('secretariat', 'consolidation', tEn)).toContain('respond');
  });

  it('has a sentence for every role and state in both languages', () => {
    for (const role of ROLES)
      for (const state of ROUND_STATES) {
        const english = whatYouMayDo(role, state, tEn);
        const chinese = whatYouMayDo(role, state, tZh);
        expect(english).not.toContain('rounds.mayDo');
        expect(chinese).not.toContain('rounds.mayDo');
        expect(chinese).not.toBe(english);
      }
  });
});

describe('next state and datetime-local values', () => {
  it('moves drafting → open → consolidation → closed', () => {
    expect(ROUND_STATES.map(nextRoundState)).toEqual(['open', 'consolidation', 'closed', null]);
  });

  it('turns epoch ms into a datetime-local value and back, to the minute', () => {
    const at = new Date(2026, 10, 25, 14, 5).getTime();
    expect(toDateTimeLocal(at)).toBe('2026-11-25T14:05');
    expect(fromDateTimeLocal('2026-11-25T14:05')).toBe(at);
    expect(fromDateTimeLocal('')).toBeNull();
    expect(fromDateTimeLocal('tomorrow')).toBeNull();
  });
});
