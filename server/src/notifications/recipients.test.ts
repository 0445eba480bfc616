import type { Person } from '@accord/shared';
import { describe, expect, it } from 'vitest';
import type { CommentRecord, ThreadWithComments } from '../storage/Storage.ts';
import { retryDelay } from './MailOutbox.ts';
import { latestDigestTime } from './NotificationService.ts';
import { replyRecipients, responseRecipients, roundRecipients, voteRecipients } from './recipients.ts';

const person = (id: string, role: Person['role'], stakeholderId: string | null): Person => ({
  id,
  email: `${id}@example.org`,
  name: id,
  role,
  stakeholderId,
});

const PEOPLE: Person[] = [
  person('sec', 'secretariat', 'lmec'),
  person('sec2', 'secretariat', 'lmec'),
  person('laos-a', 'delegate', 'laos'),
  person('laos-b', 'delegate', 'laos'),
  person('vn', 'delegate', 'vn'),
  person('th', 'delegate', 'th'),
  person('tnc-a', 'partner', 'tnc'),
  person('tnc-b', 'partner', 'tnc'),
  person('obs', 'observer', null),
];

const comment = (id: string, authorId: string): CommentRecord => ({
  id,
  threadId: 't1',
  authorId,
  stakeholderId: null,
  body: id,
  createdAt: 1,
  editedAt: null,
  withdrawnAt: null,
  hidden: null,
});

const thread = (authorId: string, stakeholderId: string | null, commenters: string[] = []): ThreadWithComments => ({
  thread: {
    id: 't1',
    consultationId: 'c1',
    clauseId: 'k1',
    passage: null,
    kind: 'comment',
    proposal: null,
    authorId,
    stakeholderId,
    status: 'open',
    locked: false,
    duplicateOf: null,
    response: null,
    applied: null,
    createdAt: 1,
    updatedAt: 1,
  },
  comments: [comment('c0', authorId), ...commenters.map((a, i) => comment(`c${i + 1}`, a))],
});

describe('who is notified', () => {
  it('of a reply: who started the thread or replied in it, once each, never the reply’s author', () => {
    const t = thread('laos-a', 'laos', ['vn', 'tnc-a', 'vn', 'th']);
    expect(replyRecipients(t, 'th', PEOPLE).sort()).toEqual(['laos-a', 'tnc-a', 'vn']);
    // Not everyone of the stakeholder: laos-b took no part.
    expect(replyRecipients(t, 'vn', PEOPLE)).not.toContain('laos-b');
    expect(replyRecipients(thread('laos-a', 'laos'), 'laos-a', PEOPLE)).toEqual([]);
  });

  it('of a response: everyone of the stakeholder that opened the thread; without one, its author; never the responder', () => {
    expect(responseRecipients(thread('tnc-a', 'tnc', ['vn']), 'sec', PEOPLE).sort()).toEqual(['tnc-a', 'tnc-b']);
    expect(responseRecipients(thread('obs', null), 'sec', PEOPLE)).toEqual(['obs']);
    // A secretariat thread answered by one of them: the others of the secretariat.
    expect(responseRecipients(thread('sec2', 'lmec'), 'sec', PEOPLE)).toEqual(['sec2']);
  });

  it('of a vote opened: the delegates of the member states it counts, only', () => {
    const vote = { consultationId: 'c1', memberStates: ['laos', 'vn'] };
    expect(voteRecipients(vote, 'sec', PEOPLE).sort()).toEqual(['laos-a', 'laos-b', 'vn']);
    // A partner is no member state's delegate even if its stakeholder were listed.
    expect(voteRecipients({ consultationId: 'c1', memberStates: ['tnc'] }, 'sec', PEOPLE)).toEqual([]);
  });

  it('of a round: everyone who may read the consultation', () => {
    expect(roundRecipients('c1', PEOPLE).sort()).toEqual(PEOPLE.map((p) => p.id).sort());
  });
});

describe('timing', () => {
  it('daily digests fall at the digest hour, UTC', () => {
    const at = Date.UTC(2026, 10, 25, 10, 30);
    expect(latestDigestTime(at, 7)).toBe(Date.UTC(2026, 10, 25, 7));
    expect(latestDigestTime(at, 11)).toBe(Date.UTC(2026, 10, 24, 11));
    expect(latestDigestTime(Date.UTC(2026, 10, 25, 7), 7)).toBe(Date.UTC(2026, 10, 25, 7));
  });

  it('retries after 30 s, doubling, at most an hour apart', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map(retryDelay)).toEqual([
      30_000, 60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
  });
});
