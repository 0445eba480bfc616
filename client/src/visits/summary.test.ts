import type { DiffPart } from '@accord/shared';
import { describe, expect, it } from 'vitest';
import { makeClauseComparison } from '../test/versionFactory.ts';
import { makeSummary } from '../test/visitFactory.ts';
import {
  agoText,
  canStep,
  countChips,
  diffTarget,
  isUpToDate,
  markAllRequest,
  markClauseRequest,
  seenTexts,
  shownText,
  sinceCounts,
  sinceItemElementId,
  sinceItems,
  stepIndex,
} from './summary.ts';

const enParts: DiffPart[] = [
  { op: 'same', text: 'Protect the ' },
  { op: 'delete', text: 'rich fragile ecological environment' },
  { op: 'insert', text: 'environmental condition' },
  { op: 'same', text: ' of the basin.' },
];
const zhParts: DiffPart[] = [
  { op: 'delete', text: '脆弱' },
  { op: 'same', text: '保护流域' },
  { op: 'insert', text: '环境' },
];

const changed = makeClauseComparison({
  clauseId: 'review-1',
  status: 'changed',
  text: { en: { changed: true, parts: enParts }, zh: { changed: true, parts: zhParts } },
});
const added = makeClauseComparison({
  clauseId: 'new-1',
  status: 'added',
  from: null,
  text: { en: { changed: true, parts: [{ op: 'insert', text: 'New text.' }] }, zh: { changed: false, parts: [] } },
});

const at = Date.UTC(2025, 2, 5, 12, 0);
const summary = makeSummary({
  generatedAt: 1234,
  clauses: [changed, added],
  responsesToMine: [{ threadId: 't3', clauseId: 'pa-3-1', status: 'accepted', at }],
  newThreads: [
    {
      threadId: 't9',
      clauseId: 'pa-3-1',
      kind: 'question',
      author: { personId: 'p', name: 'Wang Fang' },
      stakeholderId: 'cn',
      createdAt: at,
    },
  ],
  newReplies: [
    { threadId: 't3', clauseId: 'pa-3-1', count: 2, latestAt: at, mine: true },
    { threadId: 't4', clauseId: 'pa-3-2', count: 3, latestAt: at, mine: false },
  ],
  votes: [
    { voteId: 'v1', subject: { kind: 'framework' }, question: { en: 'Q', zh: '问' }, event: 'opened', at },
    {
      voteId: 'v1',
      subject: { kind: 'framework' },
      question: { en: 'Q', zh: '问' },
      event: 'closed',
      at: at + 1,
      outcome: 'adopted',
    },
  ],
});

describe('the texts a mark sends', () => {
  it('rebuilds the draft text of each language from its same and insert parts, in order', () => {
    expect(diffTarget(enParts)).toBe('Protect the environmental condition of the basin.');
    expect(diffTarget(zhParts)).toBe('保护流域环境');
    expect(diffTarget([])).toBe('');
    expect(diffTarget([{ op: 'delete', text: 'gone' }])).toBe('');
    expect(shownText(changed)).toEqual({ en: 'Protect the environmental condition of the basin.', zh: '保护流域环境' });
    // An added clause: its inserted text; a language with no parts is blank.
    expect(shownText(added)).toEqual({ en: 'New text.', zh: '' });
  });

  it('marks one clause with its shown texts (activity untouched), or every clause listed with the summary’s time', () => {
    // "Seen up to the baseline": the server never moves a baseline back, so only the clause changes.
    expect(markClauseRequest(summary, added)).toEqual({
      generatedAt: Date.UTC(2017, 7, 14, 8, 0),
      clauses: { 'new-1': { en: 'New text.', zh: '' } },
    });
    expect(markAllRequest(summary)).toEqual({
      generatedAt: 1234,
      clauses: {
        'review-1': { en: 'Protect the environmental condition of the basin.', zh: '保护流域环境' },
        'new-1': { en: 'New text.', zh: '' },
      },
    });
    // Nothing listed: still a mark of the activity, with no clause texts to set.
    expect(markAllRequest(makeSummary({ generatedAt: 9 }))).toEqual({ generatedAt: 9, clauses: {} });
    expect(seenTexts([])).toEqual({});
  });

  it('keeps ids that are not plain object keys as ids', () => {
    const odd = makeClauseComparison({ clauseId: '__proto__' });
    expect(Object.keys(seenTexts([odd]))).toEqual(['__proto__']);
  });
});

describe('stepping through the changes', () => {
  it('visits clauses first, then responses, new threads, new replies and votes, each once', () => {
    const items = sinceItems(summary);
    expect(items.map((item) => `${item.kind}:${item.key}`)).toEqual([
      'clause:review-1',
      'clause:new-1',
      'response:t3',
      'thread:t9',
      'replies:t3',
      'replies:t4',
      'vote:v1:opened',
      'vote:v1:closed',
    ]);
    // Every item has an element of its own (a thread answered and replied to is two items).
    const ids = items.map(sinceItemElementId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('starts at the first item going forward, or the last going back, and stops at either end', () => {
    expect(stepIndex(-1, 5, 1)).toBe(0);
    expect(stepIndex(-1, 5, -1)).toBe(4);
    expect(stepIndex(0, 5, 1)).toBe(1);
    expect(stepIndex(3, 5, -1)).toBe(2);
    expect(stepIndex(4, 5, 1)).toBe(4);
    expect(stepIndex(0, 5, -1)).toBe(0);
    // The list got shorter (a clause marked seen): back in range.
    expect(stepIndex(7, 5, 1)).toBe(0);
    expect(stepIndex(0, 0, 1)).toBe(-1);

    expect(canStep(-1, 5, 1)).toBe(true);
    expect(canStep(-1, 5, -1)).toBe(false);
    expect(canStep(0, 5, -1)).toBe(false);
    expect(canStep(2, 5, -1)).toBe(true);
    expect(canStep(4, 5, 1)).toBe(false);
    expect(canStep(-1, 0, 1)).toBe(false);
  });
});

describe('the counts', () => {
  it('counts each kind; replies one by one, a vote once per event', () => {
    expect(sinceCounts(summary)).toEqual({ clauses: 2, responses: 1, threads: 1, replies: 5, votes: 2 });
    expect(countChips(makeSummary({ clauses: [changed], votes: summary.votes }))).toEqual([
      { kind: 'clauses', count: 1 },
      { kind: 'votes', count: 2 },
    ]);
  });

  it('is up to date only when nothing at all is listed', () => {
    expect(isUpToDate(makeSummary())).toBe(true);
    expect(isUpToDate(summary)).toBe(false);
    expect(isUpToDate(makeSummary({ newReplies: summary.newReplies }))).toBe(false);
  });
});

describe('agoText', () => {
  const now = Date.UTC(2025, 2, 5, 14, 5);
  const minutes = (n: number) => n * 60_000;
  it('says how long ago in words, in English and in Chinese', () => {
    expect(agoText(now - 10_000, now, 'en')).toBe('now');
    expect(agoText(now - minutes(5), now, 'en')).toBe('5 minutes ago');
    expect(agoText(now - minutes(3 * 60 + 10), now, 'en')).toBe('3 hours ago');
    expect(agoText(now - minutes(26 * 60), now, 'en')).toBe('yesterday');
    expect(agoText(now - minutes(3 * 24 * 60 + 30), now, 'en')).toBe('3 days ago');
    expect(agoText(now - minutes(65 * 24 * 60), now, 'en')).toBe('2 months ago');
    expect(agoText(now - minutes(800 * 24 * 60), now, 'en')).toBe('2 years ago');
    expect(agoText(now - minutes(3 * 24 * 60 + 30), now, 'zh')).toBe('3天前');
    expect(agoText(now - minutes(26 * 60), now, 'zh')).toBe('昨天');
    // A clock a little ahead of the server's never says "in 2 minutes".
    expect(agoText(now + minutes(2), now, 'en')).toBe('now');
  });
});
