import type { Storage } from '@accord/server';
import { computeVoteResult, type VoteChoice, type VoteResult } from '@accord/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';

/** Opens a fresh, empty store; `reopen` opens the same one again (after `close`). */
export interface StorageFactory {
  open(): Promise<Storage>;
  reopen(): Promise<Storage>;
  destroy(): Promise<void>;
}

const framework = {
  consultationId: 'c1',
  sections: [{ id: 's1', parentId: null, position: 0, title: { en: 'Objectives', zh: '合作目标' } }],
  clauses: [
    { id: 'k1', sectionId: 's1', position: 0 },
    { id: 'k2', sectionId: 's1', position: 1 },
  ],
};

const textUpdate = (doc: Y.Doc, text: string): Uint8Array => {
  const before = Y.encodeStateVector(doc);
  doc.getText('t').insert(doc.getText('t').length, text);
  return Y.encodeStateAsUpdate(doc, before);
};
const textOf = (updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
};
const merge = (entries: Uint8Array[]) => Y.mergeUpdates(entries);

type ThreadRecord = Parameters<Storage['createThread']>[0];
type CommentRecord = Parameters<Storage['createThread']>[1];
type AuditRecord = Parameters<Storage['appendAudit']>[0];
type ReviewStatusRecord = Parameters<Storage['setReviewStatus']>[0];
type VoteRecord = Parameters<Storage['createVote']>[0];
type BallotRecord = Parameters<Storage['castBallot']>[0];
type StoredVersion = Parameters<Storage['createVersion']>[0];
type TranslationConfirmationRecord = Parameters<Storage['confirmTranslation']>[0];
type VisitRecord = Parameters<Storage['setVisit']>[0];
type Round = Parameters<Storage['createRound']>[0];

const roundRecord = (overrides: Partial<Round> = {}): Round => ({
  id: 'r1',
  consultationId: 'c1',
  title: { en: 'First round', zh: '第一轮' },
  opensAt: 10_000,
  closesAt: 20_000,
  state: 'drafting',
  createdBy: 'p-sec',
  createdAt: 1_000,
  updatedAt: 1_000,
  ...overrides,
});
const roundAudit = (action: AuditRecord['action'], roundId = 'r1', at = 1_000): AuditRecord => ({
  consultationId: 'c1',
  actorId: 'p-sec',
  action,
  target: `round:${roundId}`,
  reason: null,
  detail: { roundId },
  at,
});

const frameworkOf = (consultationId: string) => ({ ...framework, consultationId });

/** Two consultations, three stakeholders and three people: what threads refer to. */
async function seedThreadsFixture(storage: Storage): Promise<void> {
  for (const id of ['c1', 'c2'])
    await storage.createConsultation({
      consultation: { id, title: { en: `Framework ${id}`, zh: `框架 ${id}` } },
      framework: frameworkOf(id),
      documents: new Map(),
    });
  await storage.upsertStakeholder({ id: 'sec', kind: 'secretariat', name: { en: 'Secretariat', zh: '秘书处' } });
  await storage.upsertStakeholder({ id: 'laos', kind: 'member_state', name: { en: 'Lao PDR', zh: '老挝' } });
  await storage.upsertStakeholder({ id: 'vn', kind: 'member_state', name: { en: 'Viet Nam', zh: '越南' } });
  const person = (id: string, role: 'secretariat' | 'delegate' | 'observer', stakeholderId: string | null) =>
    storage.createPerson({
      id,
      email: `${id}@example.org`,
      name: `Person ${id}`,
      role,
      stakeholderId,
      passwordHash: 'h',
    });
  await person('p-sec', 'secretariat', 'sec');
  await person('p-laos', 'delegate', 'laos');
  await person('p-obs', 'observer', null);
}

/** A bare thread on clause k1 of c1 (every nullable field null), with overrides. */
const threadRecord = (overrides: Partial<ThreadRecord> & { id: string }): ThreadRecord => ({
  consultationId: 'c1',
  clauseId: 'k1',
  passage: null,
  kind: 'comment',
  proposal: null,
  authorId: 'p-laos',
  stakeholderId: 'laos',
  status: 'open',
  locked: false,
  duplicateOf: null,
  response: null,
  applied: null,
  createdAt: 1_000,
  updatedAt: 1_000,
  ...overrides,
});

const commentRecord = (overrides: Partial<CommentRecord> & { id: string; threadId: string }): CommentRecord => ({
  authorId: 'p-laos',
  stakeholderId: 'laos',
  body: `Body of ${overrides.id}`,
  createdAt: 1_000,
  editedAt: null,
  withdrawnAt: null,
  hidden: null,
  ...overrides,
});

const auditRecord = (overrides: Partial<AuditRecord> = {}): AuditRecord => ({
  consultationId: 'c1',
  actorId: 'p-sec',
  action: 'thread.lock',
  target: 'thread:t1',
  reason: null,
  detail: {},
  at: 5_000,
  ...overrides,
});

/** A thread on clause k1 with its opening comment, as created at `at`. */
async function createBareThread(storage: Storage, id: string, at: number, overrides: Partial<ThreadRecord> = {}) {
  const thread = threadRecord({ id, createdAt: at, updatedAt: at, ...overrides });
  const opening = commentRecord({ id: `${id}-open`, threadId: id, createdAt: at });
  await storage.createThread(thread, opening);
  return { thread, opening };
}

/** A second Lao delegate, Cambodia, Viet Nam's delegate and a partner: who votes, besides the fixture's. */
async function seedVotesFixture(storage: Storage): Promise<void> {
  await seedThreadsFixture(storage);
  await storage.upsertStakeholder({ id: 'kh', kind: 'member_state', name: { en: 'Cambodia', zh: '柬埔寨' } });
  await storage.upsertStakeholder({ id: 'tnc', kind: 'partner', name: { en: 'TNC', zh: '大自然保护协会' } });
  const person = (id: string, role: 'delegate' | 'partner', stakeholderId: string) =>
    storage.createPerson({
      id,
      email: `${id}@example.org`,
      name: `Person ${id}`,
      role,
      stakeholderId,
      passwordHash: 'h',
    });
  await person('p-laos2', 'delegate', 'laos');
  await person('p-vn', 'delegate', 'vn');
  await person('p-kh', 'delegate', 'kh');
  await person('p-tnc', 'partner', 'tnc');
}

/** An open, untimed consensus vote on the whole framework of c1 (every nullable field null), with overrides. */
const voteRecord = (overrides: Partial<VoteRecord> & { id: string }): VoteRecord => ({
  consultationId: 'c1',
  subject: { kind: 'framework' },
  subjectKey: 'c1',
  question: { en: 'Do the member states adopt the framework?', zh: '成员国是否通过框架？' },
  rule: { kind: 'consensus', quorum: 1 },
  advisory: false,
  memberStates: ['laos', 'vn'],
  openedById: 'p-sec',
  openedAt: 1_000,
  closesAt: null,
  closed: null,
  supersedes: null,
  ...overrides,
});

const ballotRecord = (
  voteId: string,
  stakeholderId: string,
  choice: VoteChoice,
  at: number,
  personId = `p-${stakeholderId}`,
): BallotRecord => ({ voteId, stakeholderId, choice, personId, at });

const openAudit = (vote: VoteRecord): AuditRecord =>
  auditRecord({
    consultationId: vote.consultationId,
    action: 'vote.open',
    target: `vote:${vote.id}`,
    detail: { subject: vote.subject },
    at: vote.openedAt,
  });

/** The audit entry of a ballot, from the standing choice it replaces. */
const ballotAudit =
  (ballot: BallotRecord, consultationId = 'c1') =>
  (previous: VoteChoice | null): AuditRecord =>
    auditRecord({
      consultationId,
      actorId: ballot.personId,
      action: 'vote.ballot',
      target: `vote:${ballot.voteId}`,
      detail: { stakeholderId: ballot.stakeholderId, from: previous, to: ballot.choice },
      at: ballot.at,
    });

const closeAudit =
  (vote: VoteRecord, at: number) =>
  (result: VoteResult): AuditRecord =>
    auditRecord({
      consultationId: vote.consultationId,
      action: 'vote.close',
      target: `vote:${vote.id}`,
      detail: { result },
      at,
    });

/** The `result` callback of closeVote: the vote's own rule over the ballots read. */
const resultOf = (vote: VoteRecord) => (ballots: BallotRecord[]) =>
  computeVoteResult(vote.rule, vote.memberStates, ballots);

/**
 * A snapshot as the server writes it (JSON text), with what a store could mangle: Chinese,
 * an emoji, quotes, backslashes, escaped control characters, line breaks, odd spacing.
 */
const SNAPSHOT_TEXT = `{"framework":{"sections":[{"id":"s1","parentId":null,"position":0,"number":"1","title":{"en":"Objectives","zh":"合作目标"}}],"clauses":[{"id":"k1","sectionId":"s1","position":0,"number":"1.1","text":{"en":"“Joint” \\\\ research\\n\\u0000 🌏","zh":"促进次区域的可持续发展。\\n第二段"}}]},  "threads" : [ ]\n}`;

/** A published version of c1 by p-sec (every nullable field null), with overrides. */
const versionRecord = (overrides: Partial<StoredVersion> & { id: string }): StoredVersion => {
  const snapshot = overrides.snapshot ?? SNAPSHOT_TEXT;
  return {
    consultationId: 'c1',
    title: { en: 'Revised draft sent to the Mekong countries', zh: '发送湄公河国家的修订稿' },
    note: 'Comments are due on 10 September 2017.\nThank you.',
    publishedById: 'p-sec',
    publishedAt: 10_000,
    restoredFrom: null,
    clauseCount: 1,
    threadCount: 0,
    snapshot,
    snapshotBytes: Buffer.byteLength(snapshot, 'utf8'),
    ...overrides,
  };
};

const publishAudit = (version: StoredVersion): AuditRecord =>
  auditRecord({
    consultationId: version.consultationId,
    action: 'version.publish',
    target: `version:${version.id}`,
    detail: { title: version.title, snapshotBytes: version.snapshotBytes },
    at: version.publishedAt,
  });

/** A version without its snapshot: what a list gives. */
const summaryOf = ({ snapshot: _snapshot, ...summary }: StoredVersion) => summary;

/** What p-laos has seen of c1: texts a store could mangle (Chinese, an emoji, quotes, a NUL, line breaks). */
const visitRecord = (overrides: Partial<VisitRecord> = {}): VisitRecord => ({
  consultationId: 'c1',
  personId: 'p-laos',
  seenAt: 1_504_000_000_000,
  clauses: {
    k1: { en: '“Joint” \\ research\n\u0000 🌏', zh: '促进次区域的可持续发展。\n第二段' },
    k2: { en: '', zh: '综合规划开发建设' },
  },
  ...overrides,
});

/** An audit callback that must not run (nothing may be written). */
const noAudit = (): never => {
  throw new Error('audit entry built where nothing should be written');
};

/**
 * What every Storage must do, run against each implementation (SQLite now, PostgreSQL with
 * scale-out): the same tests, so they cannot drift apart.
 */
export function describeStorageContract(name: string, factory: () => StorageFactory) {
  describe(`Storage contract: ${name}`, () => {
    let f: StorageFactory;
    let storage: Storage;
    beforeEach(async () => {
      f = factory();
      storage = await f.open();
    });
    afterEach(async () => {
      await storage.close().catch(() => {});
      await f.destroy();
    });

    it('keeps stakeholders and people, finding emails case-insensitively', async () => {
      await storage.upsertStakeholder({ id: 'laos', kind: 'member_state', name: { en: 'Lao PDR', zh: '老挝' } });
      await storage.upsertStakeholder({
        id: 'laos',
        kind: 'member_state',
        name: { en: 'Lao PDR', zh: '老挝人民民主共和国' },
      });
      expect(await storage.listStakeholders()).toEqual([
        { id: 'laos', kind: 'member_state', name: { en: 'Lao PDR', zh: '老挝人民民主共和国' } },
      ]);
      await storage.createPerson({
        id: 'p1',
        email: 'Delegate@Laos.gov.la',
        name: 'Khamla',
        role: 'delegate',
        stakeholderId: 'laos',
        passwordHash: 'hash',
      });
      expect(await storage.findPersonByEmail('delegate@laos.GOV.la')).toMatchObject({ id: 'p1', passwordHash: 'hash' });
      expect(await storage.getPerson('p1')).toEqual({
        id: 'p1',
        email: 'delegate@laos.gov.la',
        name: 'Khamla',
        role: 'delegate',
        stakeholderId: 'laos',
      });
      expect(await storage.getPerson('nobody')).toBeNull();
      await expect(
        storage.createPerson({
          id: 'p2',
          email: 'delegate@laos.gov.la',
          name: 'Twin',
          role: 'delegate',
          stakeholderId: 'laos',
          passwordHash: 'x',
        }),
      ).rejects.toThrow();
    });

    it('creates a consultation with its framework and first documents atomically', async () => {
      const doc = new Y.Doc();
      await storage.createConsultation({
        consultation: { id: 'c1', title: { en: 'Framework', zh: '框架' } },
        framework,
        documents: new Map([
          ['clause/c1/k1/en', { update: textUpdate(doc, 'Joint research'), text: 'Joint research' }],
        ]),
      });
      expect(await storage.listConsultations()).toEqual([
        { id: 'c1', title: { en: 'Framework', zh: '框架' }, clauseCount: 2 },
      ]);
      expect(await storage.getFramework('c1')).toEqual(framework);
      expect(await storage.clauseExists('c1', 'k2')).toBe(true);
      expect(await storage.clauseExists('c1', 'k3')).toBe(false);
      expect(await storage.getFramework('c2')).toBeNull();
      expect(textOf(await storage.loadDocumentUpdates('clause/c1/k1/en'))).toBe('Joint research');
      expect(await storage.getDocumentTexts('clause/c1/')).toEqual(new Map([['clause/c1/k1/en', 'Joint research']]));

      // A failing creation leaves nothing behind (same id again).
      await expect(
        storage.createConsultation({
          consultation: { id: 'c1', title: { en: 'x', zh: 'x' } },
          framework,
          documents: new Map(),
        }),
      ).rejects.toThrow();
      expect(await storage.listConsultations()).toHaveLength(1);
    });

    it('replays a document log in order and compacts it without losing an update', async () => {
      const doc = new Y.Doc();
      const name = 'clause/c1/k1/zh';
      for (const word of ['促进', '次区域', '可持续发展'])
        await storage.appendDocumentUpdate(name, textUpdate(doc, word));
      expect(await storage.countDocumentUpdates(name)).toBe(3);
      expect(textOf(await storage.loadDocumentUpdates(name))).toBe('促进次区域可持续发展');

      // An update appended while compaction runs is kept, merged or not.
      const late = textUpdate(doc, '。');
      await storage.compactDocument(name, (entries) => {
        void storage.appendDocumentUpdate(name, late);
        return merge(entries);
      });
      await new Promise((r) => setTimeout(r, 20));
      expect(textOf(await storage.loadDocumentUpdates(name))).toBe('促进次区域可持续发展。');
      expect(await storage.countDocumentUpdates(name)).toBeLessThanOrEqual(2);

      await storage.compactDocument(name, merge);
      expect(await storage.countDocumentUpdates(name)).toBe(1);
      expect(await storage.loadDocumentUpdates('clause/c1/other/en')).toEqual([]);
    });

    it('keeps plain-text copies of documents, listed by name prefix', async () => {
      await storage.setDocumentText('clause/c1/k1/en', 'Joint research');
      await storage.setDocumentText('clause/c1/k1/en', 'Joint research and planning');
      await storage.setDocumentText('clause/c1/k1/zh', '联合研究');
      await storage.setDocumentText('clause/c10/k1/en', 'another consultation');
      await storage.setDocumentText('clause/c1_/k1/en', 'not a prefix match either');
      expect(await storage.getDocumentTexts('clause/c1/')).toEqual(
        new Map([
          ['clause/c1/k1/en', 'Joint research and planning'],
          ['clause/c1/k1/zh', '联合研究'],
        ]),
      );
    });

    it('keeps what it acknowledged when reopened', async () => {
      const doc = new Y.Doc();
      await storage.appendDocumentUpdate('clause/c1/k2/en', textUpdate(doc, 'kept'));
      await storage.setSession('sid-1', { data: '{"passport":{"user":"p1"}}', expiresAt: Date.now() + 60_000 });
      await storage.close();
      storage = await f.reopen();
      expect(textOf(await storage.loadDocumentUpdates('clause/c1/k2/en'))).toBe('kept');
      expect((await storage.getSession('sid-1'))?.data).toBe('{"passport":{"user":"p1"}}');
    });

    it('stores sessions until they expire or are destroyed', async () => {
      const now = Date.now();
      await storage.setSession('a', { data: '{"n":1}', expiresAt: now + 60_000 });
      await storage.setSession('a', { data: '{"n":2}', expiresAt: now + 60_000 });
      await storage.setSession('old', { data: '{}', expiresAt: now - 1 });
      expect(await storage.getSession('a')).toEqual({ data: '{"n":2}', expiresAt: now + 60_000 });
      expect(await storage.getSession('old')).toBeNull();
      await storage.pruneSessions(now);
      await storage.destroySession('a');
      expect(await storage.getSession('a')).toBeNull();
    });

    describe('threads, comments, review statuses and the audit log', () => {
      beforeEach(async () => {
        await seedThreadsFixture(storage);
      });

      it('lists people without their credentials', async () => {
        const people = await storage.listPeople();
        expect([...people].sort((a, b) => a.id.localeCompare(b.id))).toStrictEqual([
          { id: 'p-laos', email: 'p-laos@example.org', name: 'Person p-laos', role: 'delegate', stakeholderId: 'laos' },
          { id: 'p-obs', email: 'p-obs@example.org', name: 'Person p-obs', role: 'observer', stakeholderId: null },
          { id: 'p-sec', email: 'p-sec@example.org', name: 'Person p-sec', role: 'secretariat', stakeholderId: 'sec' },
        ]);
      });

      it('round-trips a thread and its opening comment exactly', async () => {
        const { thread: bare, opening: bareOpening } = await createBareThread(storage, 't-bare', 1_000);
        const full = threadRecord({
          id: 't-full',
          clauseId: 'k2',
          passage: { language: 'zh', quote: '促进次区域', start: 'AQKr3/sPBAE=', end: 'AQKr3/sPCgA=' },
          kind: 'proposal',
          proposal: { action: 'replace', text: 'promote "sub-regional"\nco-operation' },
          authorId: 'p-obs',
          stakeholderId: null,
          status: 'resolved',
          locked: true,
          duplicateOf: 't-bare',
          response: {
            status: 'partially_accepted',
            explanation: { en: 'Partly: see 4.3', zh: '部分采纳' },
            byId: 'p-sec',
            at: 2_500,
          },
          applied: { byId: 'p-sec', at: 2_600 },
          createdAt: 2_000,
          updatedAt: 2_700,
        });
        const fullOpening = commentRecord({
          id: 't-full-open',
          threadId: 't-full',
          authorId: 'p-obs',
          stakeholderId: null,
          body: 'Two lines,\nand “quotes” 中文',
          createdAt: 2_000,
          editedAt: 2_100,
          withdrawnAt: 2_200,
          hidden: { byId: 'p-sec', at: 2_300, reason: 'Off topic' },
        });
        await storage.createThread(full, fullOpening);

        expect(await storage.getThread('t-full')).toStrictEqual({ thread: full, comments: [fullOpening] });
        expect(await storage.getThread('t-bare')).toStrictEqual({ thread: bare, comments: [bareOpening] });
        expect(await storage.getComment('t-full-open')).toStrictEqual(fullOpening);
        expect(await storage.getComment('t-bare-open')).toStrictEqual(bareOpening);
        expect(await storage.getThread('nope')).toBeNull();
        expect(await storage.getComment('nope')).toBeNull();
      });

      it('creates a thread and its opening comment together or not at all', async () => {
        await createBareThread(storage, 't1', 1_000);
        // The opening comment's id is taken: the thread must not be left without it.
        await expect(
          storage.createThread(threadRecord({ id: 't2' }), commentRecord({ id: 't1-open', threadId: 't2' })),
        ).rejects.toThrow();
        expect(await storage.getThread('t2')).toBeNull();
        expect((await storage.listThreads('c1')).map((t) => t.thread.id)).toEqual(['t1']);
      });

      it("lists a consultation's threads in creation order, each with its comments oldest first", async () => {
        // Ids sort the other way round from creation, so neither order can pass for the other.
        await createBareThread(storage, 't-b', 1_000);
        await createBareThread(storage, 't-a', 2_000, { clauseId: 'k2' });
        await createBareThread(storage, 't-other', 1_500, { consultationId: 'c2' });
        await storage.addComment(commentRecord({ id: 'r-z', threadId: 't-b', createdAt: 3_000 }));
        await storage.addComment(commentRecord({ id: 'r-y', threadId: 't-a', createdAt: 3_500 }));
        await storage.addComment(commentRecord({ id: 'r-x', threadId: 't-b', createdAt: 4_000 }));
        await storage.addComment(commentRecord({ id: 'r-w', threadId: 't-other', createdAt: 4_500 }));

        const listed = await storage.listThreads('c1');
        expect(listed.map(({ thread, comments }) => [thread.id, comments.map((c) => c.id)])).toEqual([
          ['t-b', ['t-b-open', 'r-z', 'r-x']],
          ['t-a', ['t-a-open', 'r-y']],
        ]);
        expect(listed[1]).toStrictEqual(await storage.getThread('t-a'));
        expect((await storage.getThread('t-b'))?.comments.map((c) => c.id)).toEqual(['t-b-open', 'r-z', 'r-x']);
        expect((await storage.listThreads('c2')).map((t) => t.thread.id)).toEqual(['t-other']);
        expect(await storage.listThreads('c3')).toEqual([]);
      });

      it('adds a reply and touches its thread, unless the thread is locked and that was asked', async () => {
        const { thread } = await createBareThread(storage, 't1', 1_000);
        const reply = commentRecord({
          id: 'r1',
          threadId: 't1',
          authorId: 'p-sec',
          stakeholderId: 'sec',
          createdAt: 3_000,
        });
        expect(await storage.addComment(reply, { threadUnlocked: true })).toBe(true);
        expect(await storage.getComment('r1')).toStrictEqual(reply);
        expect((await storage.getThread('t1'))?.thread).toStrictEqual({ ...thread, updatedAt: 3_000 });

        expect(await storage.updateThread('t1', { locked: true }, null)).toBe(true);
        const refused = commentRecord({ id: 'r2', threadId: 't1', createdAt: 4_000 });
        expect(await storage.addComment(refused, { threadUnlocked: true })).toBe(false);
        expect(await storage.getComment('r2')).toBeNull();
        const after = await storage.getThread('t1');
        expect(after?.thread.updatedAt).toBe(3_000);
        expect(after?.comments.map((c) => c.id)).toEqual(['t1-open', 'r1']);

        // Without the condition a locked thread still takes a reply (the secretariat's, say).
        expect(await storage.addComment(refused)).toBe(true);
        expect((await storage.getThread('t1'))?.thread.updatedAt).toBe(4_000);
      });

      it('patches a thread and writes its audit entry in the same call', async () => {
        const { thread } = await createBareThread(storage, 't1', 1_000, {
          passage: { language: 'en', quote: 'Joint', start: 's0', end: 'e0' },
          kind: 'proposal',
          proposal: { action: 'delete', text: '' },
        });
        await createBareThread(storage, 't0', 900);

        const response = {
          status: 'accepted' as const,
          explanation: { en: 'Agreed', zh: '同意' },
          byId: 'p-sec',
          at: 5_000,
        };
        const respond = auditRecord({ action: 'thread.respond', target: 'thread:t1', detail: { status: 'accepted' } });
        expect(await storage.updateThread('t1', { response, duplicateOf: 't0' }, respond)).toBe(true);
        // Only the patched fields change; the thread is touched to the audit entry's time.
        expect((await storage.getThread('t1'))?.thread).toStrictEqual({
          ...thread,
          response,
          duplicateOf: 't0',
          updatedAt: 5_000,
        });
        expect(await storage.listAudit('c1', 10)).toStrictEqual([{ ...respond, id: expect.any(Number) }]);

        // Fields can be set back to null, and the passage moved.
        const passage = { language: 'en' as const, quote: 'Joint', start: 's1', end: 'e1' };
        expect(
          await storage.updateThread('t1', { duplicateOf: null, response: null, passage, status: 'resolved' }, null),
        ).toBe(true);
        expect((await storage.getThread('t1'))?.thread).toStrictEqual({
          ...thread,
          passage,
          status: 'resolved',
          updatedAt: 5_000,
        });
        expect(await storage.listAudit('c1', 10)).toHaveLength(1);

        // An unknown thread: nothing written, not even the audit entry.
        expect(await storage.updateThread('nope', { locked: true }, auditRecord({ target: 'thread:nope' }))).toBe(
          false,
        );
        expect(await storage.listAudit('c1', 10)).toHaveLength(1);
      });

      it('refuses a thread change whose condition fails, writing neither the patch nor the audit entry', async () => {
        const applied = { byId: 'p-sec', at: 6_000 };
        const response = { status: 'accepted' as const, explanation: { en: 'Yes', zh: '' }, byId: 'p-sec', at: 5_000 };
        const { thread } = await createBareThread(storage, 't1', 1_000, {
          kind: 'proposal',
          proposal: { action: 'insert', text: ' and planning' },
        });

        // Conditions that hold let the write through.
        expect(
          await storage.updateThread('t1', { response }, auditRecord({ action: 'thread.respond', at: 5_000 }), {
            notApplied: true,
            threadHasNoResponse: true,
          }),
        ).toBe(true);
        expect(
          await storage.updateThread('t1', { applied }, auditRecord({ action: 'thread.applyWording', at: 6_000 }), {
            notApplied: true,
          }),
        ).toBe(true);
        const before = { ...thread, response, applied, updatedAt: 6_000 };
        expect((await storage.getThread('t1'))?.thread).toStrictEqual(before);
        expect(await storage.listAudit('c1', 10)).toHaveLength(2);

        // Applying twice, or responding again when asked not to, changes nothing.
        expect(
          await storage.updateThread(
            't1',
            { applied: { byId: 'p-sec', at: 9_000 }, status: 'resolved' },
            auditRecord({ action: 'thread.applyWording', at: 9_000 }),
            { notApplied: true },
          ),
        ).toBe(false);
        expect(
          await storage.updateThread(
            't1',
            { response: { ...response, status: 'noted' } },
            auditRecord({ action: 'thread.respond', at: 9_000 }),
            { threadHasNoResponse: true },
          ),
        ).toBe(false);
        expect(
          await storage.updateThread('t1', { status: 'resolved' }, auditRecord({ at: 9_000 }), {
            threadUnlocked: true,
          }),
        ).toBe(true);
        await storage.updateThread('t1', { locked: true }, null);
        expect(
          await storage.updateThread('t1', { status: 'open' }, auditRecord({ at: 9_500 }), { threadUnlocked: true }),
        ).toBe(false);
        expect((await storage.getThread('t1'))?.thread).toStrictEqual({
          ...before,
          status: 'resolved',
          locked: true,
          updatedAt: 9_000,
        });
        expect((await storage.listAudit('c1', 10)).map((a) => a.at)).toEqual([9_000, 6_000, 5_000]);
      });

      it('hides, unhides, withdraws and edits a comment, touching its thread and auditing in the same call', async () => {
        const { thread, opening } = await createBareThread(storage, 't1', 1_000);
        const hidden = { byId: 'p-sec', at: 2_000, reason: 'Personal remark' };
        const hide = auditRecord({
          action: 'comment.hide',
          target: 'comment:t1-open',
          reason: 'Personal remark',
          at: 2_000,
        });
        expect(await storage.updateComment('t1-open', { hidden }, hide)).toBe(true);
        expect(await storage.getComment('t1-open')).toStrictEqual({ ...opening, hidden });
        expect((await storage.getThread('t1'))?.thread).toStrictEqual({ ...thread, updatedAt: 2_000 });
        expect(await storage.listAudit('c1', 10)).toStrictEqual([{ ...hide, id: expect.any(Number) }]);

        const unhide = auditRecord({ action: 'comment.unhide', target: 'comment:t1-open', at: 3_000 });
        expect(await storage.updateComment('t1-open', { hidden: null }, unhide)).toBe(true);
        expect(await storage.getComment('t1-open')).toStrictEqual(opening);

        const edit = auditRecord({ action: 'comment.edit', actorId: 'p-laos', target: 'comment:t1-open', at: 4_000 });
        expect(await storage.updateComment('t1-open', { body: 'Edited 修改', editedAt: 4_000 }, edit)).toBe(true);
        const withdraw = auditRecord({
          action: 'comment.withdraw',
          actorId: 'p-laos',
          target: 'comment:t1-open',
          at: 5_000,
        });
        expect(await storage.updateComment('t1-open', { withdrawnAt: 5_000 }, withdraw)).toBe(true);
        expect(await storage.getComment('t1-open')).toStrictEqual({
          ...opening,
          body: 'Edited 修改',
          editedAt: 4_000,
          withdrawnAt: 5_000,
        });
        expect((await storage.getThread('t1'))?.thread.updatedAt).toBe(5_000);
        expect((await storage.listAudit('c1', 10)).map((a) => a.action)).toEqual([
          'comment.withdraw',
          'comment.edit',
          'comment.unhide',
          'comment.hide',
        ]);
      });

      it('refuses a comment change whose condition fails, or for an unknown comment, writing nothing', async () => {
        const { thread, opening } = await createBareThread(storage, 't1', 1_000);
        const edit = (at: number) => auditRecord({ action: 'comment.edit', target: 'comment:t1-open', at });

        // An edit racing the secretariat's response loses.
        const response = { status: 'noted' as const, explanation: { en: 'Noted', zh: '' }, byId: 'p-sec', at: 2_000 };
        await storage.updateThread('t1', { response }, null);
        expect(
          await storage.updateComment('t1-open', { body: 'Too late', editedAt: 3_000 }, edit(3_000), {
            threadHasNoResponse: true,
          }),
        ).toBe(false);

        // So does one on a locked thread, when asked.
        await storage.updateThread('t1', { response: null, locked: true }, null);
        expect(
          await storage.updateComment('t1-open', { withdrawnAt: 3_000 }, edit(3_000), { threadUnlocked: true }),
        ).toBe(false);

        expect(
          await storage.updateComment('nope', { hidden: { byId: 'p-sec', at: 3_000, reason: 'x' } }, edit(3_000)),
        ).toBe(false);

        expect(await storage.getComment('t1-open')).toStrictEqual(opening);
        expect((await storage.getThread('t1'))?.thread).toStrictEqual({ ...thread, locked: true });
        expect(await storage.listAudit('c1', 10)).toEqual([]);

        // With the condition met, the same change goes through.
        await storage.updateThread('t1', { locked: false }, null);
        expect(
          await storage.updateComment('t1-open', { withdrawnAt: 3_000 }, edit(3_000), {
            threadUnlocked: true,
            threadHasNoResponse: true,
          }),
        ).toBe(true);
        expect((await storage.getComment('t1-open'))?.withdrawnAt).toBe(3_000);
      });

      it('keeps one review status per stakeholder per consultation, auditing each change', async () => {
        const status = (overrides: Partial<ReviewStatusRecord>): ReviewStatusRecord => ({
          consultationId: 'c1',
          stakeholderId: 'laos',
          status: 'reviewing',
          byId: 'p-laos',
          at: 1_000,
          ...overrides,
        });
        const audit = (r: ReviewStatusRecord) =>
          auditRecord({
            consultationId: r.consultationId,
            actorId: r.byId,
            action: 'reviewStatus.set',
            target: `stakeholder:${r.stakeholderId}`,
            detail: { status: r.status },
            at: r.at,
          });
        const laosFinal = status({ status: 'submitted', at: 2_000 });
        const vn = status({ stakeholderId: 'vn', status: 'no_comments', byId: 'p-sec', at: 1_500 });
        const laosC2 = status({ consultationId: 'c2', status: 'not_started', at: 1_200 });
        for (const r of [status({}), vn, laosC2, laosFinal]) await storage.setReviewStatus(r, audit(r));

        const sorted = (rs: ReviewStatusRecord[]) =>
          [...rs].sort((a, b) => a.stakeholderId.localeCompare(b.stakeholderId));
        expect(sorted(await storage.listReviewStatuses('c1'))).toStrictEqual([laosFinal, vn]);
        expect(await storage.listReviewStatuses('c2')).toStrictEqual([laosC2]);
        expect((await storage.listAudit('c1', 10)).map((a) => a.detail)).toEqual([
          { status: 'submitted' },
          { status: 'no_comments' },
          { status: 'reviewing' },
        ]);
        expect(await storage.listAudit('c2', 10)).toHaveLength(1);
      });

      it("lists a consultation's audit log newest first, up to a limit", async () => {
        const entries = [1, 2, 3, 4].map((n) =>
          auditRecord({
            action: 'thread.resolve',
            target: `thread:t${n}`,
            reason: n % 2 === 0 ? `reason ${n}` : null,
            detail: { n, nested: { list: [n, 'x'], flag: n > 2, none: null } },
            at: 1_000 * n,
          }),
        );
        await storage.appendAudit(entries[0] as AuditRecord);
        await storage.appendAudit(entries[1] as AuditRecord);
        await storage.appendAudit(auditRecord({ consultationId: 'c2', target: 'thread:elsewhere', at: 2_500 }));
        await storage.appendAudit(entries[2] as AuditRecord);
        await storage.appendAudit(entries[3] as AuditRecord);

        const all = await storage.listAudit('c1', 10);
        expect(all.map(({ id: _, ...entry }) => entry)).toStrictEqual([...entries].reverse());
        const ids = all.map((a) => a.id);
        expect(new Set(ids).size).toBe(4);
        expect(await storage.listAudit('c1', 2)).toStrictEqual(all.slice(0, 2));
        expect((await storage.listAudit('c2', 10)).map((a) => a.target)).toEqual(['thread:elsewhere']);
        expect(await storage.listAudit('c3', 10)).toEqual([]);
      });

      it('keeps threads, comments, review statuses and the audit log when reopened', async () => {
        await createBareThread(storage, 't1', 1_000, {
          passage: { language: 'en', quote: 'Joint', start: 's', end: 'e' },
          kind: 'proposal',
          proposal: { action: 'replace', text: 'Common' },
        });
        await createBareThread(storage, 't2', 2_000, { consultationId: 'c2' });
        await storage.addComment(commentRecord({ id: 'r1', threadId: 't1', createdAt: 3_000 }));
        await storage.updateThread(
          't1',
          {
            locked: true,
            response: { status: 'noted', explanation: { en: 'Noted', zh: '' }, byId: 'p-sec', at: 4_000 },
          },
          auditRecord({ at: 4_000 }),
        );
        await storage.updateComment(
          'r1',
          { hidden: { byId: 'p-sec', at: 4_500, reason: 'Spam' } },
          auditRecord({ action: 'comment.hide', target: 'comment:r1', reason: 'Spam', at: 4_500 }),
        );
        const review: ReviewStatusRecord = {
          consultationId: 'c1',
          stakeholderId: 'laos',
          status: 'submitted',
          byId: 'p-laos',
          at: 5_000,
        };
        await storage.setReviewStatus(review, auditRecord({ target: 'stakeholder:laos', at: 5_000 }));

        const before = {
          c1: await storage.listThreads('c1'),
          c2: await storage.listThreads('c2'),
          reviews: await storage.listReviewStatuses('c1'),
          audit: await storage.listAudit('c1', 10),
          people: await storage.listPeople(),
        };
        expect(before.c1[0]?.comments).toHaveLength(2);
        expect(before.audit).toHaveLength(3);

        await storage.close();
        storage = await f.reopen();
        expect({
          c1: await storage.listThreads('c1'),
          c2: await storage.listThreads('c2'),
          reviews: await storage.listReviewStatuses('c1'),
          audit: await storage.listAudit('c1', 10),
          people: await storage.listPeople(),
        }).toStrictEqual(before);
        // And the ids keep counting up after a reopen.
        await storage.appendAudit(auditRecord({ at: 6_000 }));
        const [newest] = await storage.listAudit('c1', 1);
        expect(newest?.at).toBe(6_000);
        expect(newest?.id).toBeGreaterThan(Math.max(...before.audit.map((a) => a.id)));
      });
    });

    describe('votes and ballots', () => {
      beforeEach(async () => {
        await seedVotesFixture(storage);
      });

      const create = async (vote: VoteRecord) => expect(await storage.createVote(vote, openAudit(vote))).toBe(true);
      const cast = (ballot: BallotRecord) => storage.castBallot(ballot, ballotAudit(ballot));
      const auditOf = async (consultationId = 'c1') => storage.listAudit(consultationId, 1_000);

      it('round-trips votes exactly, with their ballots, frozen result and what supersedes what', async () => {
        // Ids sort the other way round from opening, so neither order can pass for the other.
        const first = voteRecord({ id: 'v-z', subject: { kind: 'response', threadId: 't1' }, subjectKey: 't1' });
        await create(first);
        const laos = ballotRecord('v-z', 'laos', 'agree', 1_200);
        const vn = ballotRecord('v-z', 'vn', 'object', 1_500);
        await cast(vn);
        await cast(laos);
        const closed = await storage.closeVote(
          'v-z',
          { at: 2_000, byId: 'p-sec' },
          resultOf(first),
          closeAudit(first, 2_000),
        );
        const result = computeVoteResult(first.rule, first.memberStates, [laos, vn]);
        expect(result.outcome).toBe('not_adopted');
        const firstClosed = { ...first, closed: { at: 2_000, byId: 'p-sec', result } };

        const second = voteRecord({
          id: 'v-y',
          subject: { kind: 'proposal', threadId: 't1' },
          subjectKey: 't1',
          question: { en: 'Two lines,\nand “quotes” "here"', zh: '中文：“引号”' },
          rule: { kind: 'majority', quorum: 2 },
          advisory: true,
          memberStates: ['vn', 'laos', 'kh'],
          openedAt: 3_000,
          closesAt: 9_000,
          supersedes: 'v-z',
        });
        await create(second);
        // Opened in the same millisecond as `second`: insertion order breaks the tie.
        const third = voteRecord({
          id: 'v-a',
          subject: { kind: 'clause', clauseId: 'k2' },
          subjectKey: 'k2',
          openedAt: 3_000,
        });
        await create(third);
        const elsewhere = voteRecord({ id: 'v-other', consultationId: 'c2', subjectKey: 'c2', openedAt: 500 });
        await create(elsewhere);
        const advice = ballotRecord('v-y', 'tnc', 'abstain', 3_100);
        await cast(advice);

        const expected = {
          first: { vote: firstClosed, ballots: [laos, vn], supersededBy: 'v-y' },
          second: { vote: second, ballots: [advice], supersededBy: null },
          third: { vote: third, ballots: [], supersededBy: null },
        };
        expect(await storage.getVote('v-z')).toStrictEqual(expected.first);
        // As it was when it closed: nothing superseded it yet.
        expect(closed).toStrictEqual({ ...expected.first, supersededBy: null });
        expect(await storage.getVote('v-y')).toStrictEqual(expected.second);
        expect(await storage.listVotes('c1')).toStrictEqual([expected.first, expected.second, expected.third]);
        expect(await storage.listVotes('c2')).toStrictEqual([{ vote: elsewhere, ballots: [], supersededBy: null }]);
        expect(await storage.listVotes('c3')).toEqual([]);
        expect(await storage.getVote('nope')).toBeNull();
      });

      it('keeps one open vote per subject, refusing a second without writing it or its audit entry', async () => {
        const first = voteRecord({ id: 'v1', subject: { kind: 'response', threadId: 't1' }, subjectKey: 't1' });
        await create(first);
        // A vote on the same thread's proposal shares the subject key: refused.
        const twin = voteRecord({
          id: 'v2',
          subject: { kind: 'proposal', threadId: 't1' },
          subjectKey: 't1',
          openedAt: 1_100,
          supersedes: 'v1',
        });
        expect(await storage.createVote(twin, openAudit(twin))).toBe(false);
        expect(await storage.getVote('v2')).toBeNull();
        expect(await auditOf()).toHaveLength(1);

        // Another subject, or the same key in another consultation, takes a vote of its own.
        await create(
          voteRecord({ id: 'v3', subject: { kind: 'clause', clauseId: 'k1' }, subjectKey: 'k1', openedAt: 1_200 }),
        );
        await create(voteRecord({ id: 'v4', consultationId: 'c2', subject: first.subject, subjectKey: 't1' }));

        // Once the first is closed, the subject takes a new vote again, but only one.
        expect(
          await storage.closeVote('v1', { at: 1_050, byId: 'p-sec' }, resultOf(first), closeAudit(first, 1_050)),
        ).not.toBeNull();
        await create(twin);
        const third = voteRecord({ id: 'v5', subjectKey: 't1', openedAt: 1_300, supersedes: 'v1' });
        expect(await storage.createVote(third, openAudit(third))).toBe(false);
        expect(await storage.getVote('v5')).toBeNull();

        expect((await storage.listVotes('c1')).map((v) => v.vote.id)).toEqual(['v1', 'v2', 'v3']);
        expect((await storage.getVote('v1'))?.supersededBy).toBe('v2');
        expect((await auditOf()).map((a) => `${a.action} ${a.target}`)).toEqual([
          'vote.open vote:v2',
          'vote.close vote:v1',
          'vote.open vote:v3',
          'vote.open vote:v1',
        ]);

        // Any other refusal is an error, not a false: the id taken, an unknown person.
        await expect(
          storage.createVote(voteRecord({ id: 'v1', subjectKey: 'k2' }), openAudit(first)),
        ).rejects.toThrow();
        await expect(
          storage.createVote(voteRecord({ id: 'v6', subjectKey: 'k2', openedById: 'nobody' }), openAudit(first)),
        ).rejects.toThrow();
        expect(await storage.getVote('v6')).toBeNull();
        expect(await auditOf()).toHaveLength(4);
      });

      it('casts, changes and keeps ballots, auditing each change from the choice it replaces', async () => {
        await create(voteRecord({ id: 'v1', memberStates: ['laos', 'vn', 'kh'] }));
        const laosAgree = ballotRecord('v1', 'laos', 'agree', 2_000);
        expect(await cast(laosAgree)).toStrictEqual({ status: 'cast', previous: null });
        // Cast in the same millisecond: insertion order breaks the tie.
        const vnObject = ballotRecord('v1', 'vn', 'object', 2_000);
        expect(await cast(vnObject)).toStrictEqual({ status: 'cast', previous: null });
        expect((await storage.getVote('v1'))?.ballots).toStrictEqual([laosAgree, vnObject]);

        // The same choice again, by the other delegate: nothing written, not even who or when.
        expect(await storage.castBallot(ballotRecord('v1', 'laos', 'agree', 2_500, 'p-laos2'), noAudit)).toStrictEqual({
          status: 'unchanged',
        });
        expect((await storage.getVote('v1'))?.ballots).toStrictEqual([laosAgree, vnObject]);

        // A change replaces the standing ballot (choice, who and when).
        const laosObject = ballotRecord('v1', 'laos', 'object', 3_000, 'p-laos2');
        expect(await cast(laosObject)).toStrictEqual({ status: 'cast', previous: 'agree' });
        const laosAbstain = ballotRecord('v1', 'laos', 'abstain', 4_000);
        expect(await cast(laosAbstain)).toStrictEqual({ status: 'cast', previous: 'object' });
        expect((await storage.getVote('v1'))?.ballots).toStrictEqual([vnObject, laosAbstain]);

        // An unknown vote: nothing written.
        expect(await storage.castBallot(ballotRecord('nope', 'laos', 'agree', 5_000), noAudit)).toStrictEqual({
          status: 'not_found',
        });

        const ballots = (await auditOf()).filter((a) => a.action === 'vote.ballot');
        expect(ballots.map((a) => [a.actorId, a.detail, a.at])).toStrictEqual([
          ['p-laos', { stakeholderId: 'laos', from: 'object', to: 'abstain' }, 4_000],
          ['p-laos2', { stakeholderId: 'laos', from: 'agree', to: 'object' }, 3_000],
          ['p-vn', { stakeholderId: 'vn', from: null, to: 'object' }, 2_000],
          ['p-laos', { stakeholderId: 'laos', from: null, to: 'agree' }, 2_000],
        ]);
        expect(await auditOf()).toHaveLength(5);
      });

      it('refuses ballots at or after the closing time, or once closed, writing nothing', async () => {
        const timed = voteRecord({ id: 'v-timed', closesAt: 10_000 });
        await create(timed);
        const inTime = ballotRecord('v-timed', 'laos', 'agree', 9_999);
        expect(await cast(inTime)).toStrictEqual({ status: 'cast', previous: null });
        expect(await storage.castBallot(ballotRecord('v-timed', 'vn', 'object', 10_000), noAudit)).toStrictEqual({
          status: 'closed',
        });
        expect(await storage.castBallot(ballotRecord('v-timed', 'laos', 'object', 10_001), noAudit)).toStrictEqual({
          status: 'closed',
        });
        expect((await storage.getVote('v-timed'))?.ballots).toStrictEqual([inTime]);

        // Closed at its closing time (by no one): the ballot in time counts.
        const closed = await storage.closeVote(
          'v-timed',
          { at: 10_050, byId: null },
          resultOf(timed),
          closeAudit(timed, 10_050),
        );
        expect(closed?.vote.closed).toStrictEqual({
          at: 10_050,
          byId: null,
          result: computeVoteResult(timed.rule, timed.memberStates, [inTime]),
        });
        expect(closed?.vote.closed?.result.outcome).toBe('adopted');

        // An untimed vote closed by the secretariat takes no ballot after, whatever its time says.
        const untimed = voteRecord({ id: 'v-untimed', subject: { kind: 'clause', clauseId: 'k1' }, subjectKey: 'k1' });
        await create(untimed);
        await storage.closeVote(
          'v-untimed',
          { at: 5_000, byId: 'p-sec' },
          resultOf(untimed),
          closeAudit(untimed, 5_000),
        );
        expect(await storage.castBallot(ballotRecord('v-untimed', 'laos', 'agree', 4_000), noAudit)).toStrictEqual({
          status: 'closed',
        });
        expect((await storage.getVote('v-untimed'))?.ballots).toEqual([]);
        expect((await auditOf()).map((a) => a.action)).toEqual([
          'vote.close',
          'vote.open',
          'vote.close',
          'vote.ballot',
          'vote.open',
        ]);
      });

      it('closes a vote once, freezing the result of the ballots it read, then refuses ballots', async () => {
        const vote = voteRecord({
          id: 'v1',
          rule: { kind: 'consensus', quorum: 2 },
          memberStates: ['laos', 'vn', 'kh'],
        });
        await create(vote);
        await cast(ballotRecord('v1', 'laos', 'agree', 2_000));
        await cast(ballotRecord('v1', 'vn', 'agree', 2_100));
        await cast(ballotRecord('v1', 'vn', 'object', 2_200, 'p-vn'));
        await cast(ballotRecord('v1', 'tnc', 'object', 2_300));
        await cast(ballotRecord('v1', 'kh', 'abstain', 2_400));
        const standing = (await storage.getVote('v1'))?.ballots;

        let read: BallotRecord[] | undefined;
        const closed = await storage.closeVote(
          'v1',
          { at: 3_000, byId: 'p-sec' },
          (ballots) => {
            read = ballots;
            return resultOf(vote)(ballots);
          },
          closeAudit(vote, 3_000),
        );
        expect(read).toStrictEqual(standing);
        // The partner's position is stored with the ballots but never counted.
        const result: VoteResult = {
          outcome: 'not_adopted',
          reason: 'objection',
          tally: { agree: 1, object: 1, abstain: 1, voted: 3, notVoted: 0 },
          objectors: ['vn'],
        };
        expect(closed).toStrictEqual({
          vote: { ...vote, closed: { at: 3_000, byId: 'p-sec', result } },
          ballots: standing,
          supersededBy: null,
        });
        expect(await storage.getVote('v1')).toStrictEqual(closed);
        const [newest] = await auditOf();
        expect(newest).toMatchObject({ action: 'vote.close', target: 'vote:v1', detail: { result }, at: 3_000 });
        const audited = (await auditOf()).length;

        // A second close, or one of an unknown vote: null, nothing computed or written.
        expect(await storage.closeVote('v1', { at: 4_000, byId: 'p-sec' }, noAudit, noAudit)).toBeNull();
        expect(await storage.closeVote('nope', { at: 4_000, byId: 'p-sec' }, noAudit, noAudit)).toBeNull();
        // A ballot after the close: refused, the frozen result stands.
        expect(await storage.castBallot(ballotRecord('v1', 'vn', 'agree', 5_000), noAudit)).toStrictEqual({
          status: 'closed',
        });
        expect(await storage.getVote('v1')).toStrictEqual(closed);
        expect(await auditOf()).toHaveLength(audited);
      });

      it('lists the open votes that have a closing time', async () => {
        expect(await storage.listTimedOpenVotes()).toEqual([]);
        await create(voteRecord({ id: 'v-a', subjectKey: 't1', closesAt: 20_000 }));
        await create(voteRecord({ id: 'v-b', subjectKey: 't2' }));
        const closing = voteRecord({ id: 'v-c', subjectKey: 'k1', closesAt: 15_000 });
        await create(closing);
        await create(voteRecord({ id: 'v-d', consultationId: 'c2', subjectKey: 'c2', closesAt: 30_000 }));
        await storage.closeVote('v-c', { at: 15_000, byId: null }, resultOf(closing), closeAudit(closing, 15_000));

        const timed = await storage.listTimedOpenVotes();
        expect([...timed].sort((a, b) => a.id.localeCompare(b.id))).toStrictEqual([
          { id: 'v-a', consultationId: 'c1', closesAt: 20_000 },
          { id: 'v-d', consultationId: 'c2', closesAt: 30_000 },
        ]);
      });

      it('keeps votes and ballots, and the one-open-vote rule, when reopened', async () => {
        const first = voteRecord({ id: 'v1', closesAt: 50_000 });
        await create(first);
        await cast(ballotRecord('v1', 'laos', 'object', 2_000));
        await storage.closeVote('v1', { at: 3_000, byId: 'p-sec' }, resultOf(first), closeAudit(first, 3_000));
        await create(voteRecord({ id: 'v2', openedAt: 4_000, closesAt: 60_000, supersedes: 'v1', advisory: true }));
        await cast(ballotRecord('v2', 'tnc', 'agree', 4_500));
        const before = { votes: await storage.listVotes('c1'), timed: await storage.listTimedOpenVotes() };
        expect(before.votes).toHaveLength(2);

        await storage.close();
        storage = await f.reopen();
        expect({ votes: await storage.listVotes('c1'), timed: await storage.listTimedOpenVotes() }).toStrictEqual(
          before,
        );
        const again = voteRecord({ id: 'v3', openedAt: 5_000 });
        expect(await storage.createVote(again, openAudit(again))).toBe(false);
        expect(await storage.castBallot(ballotRecord('v2', 'tnc', 'agree', 5_000), noAudit)).toStrictEqual({
          status: 'unchanged',
        });
      });
    });

    describe('published versions', () => {
      beforeEach(async () => {
        await seedThreadsFixture(storage);
      });

      it('round-trips a version exactly, its snapshot byte for byte, with its audit entry in the same call', async () => {
        const version = versionRecord({ id: 'v1' });
        await storage.createVersion(version, publishAudit(version));
        const read = await storage.getVersion('v1');
        expect(read).toStrictEqual(version);
        expect(read?.snapshot).toBe(SNAPSHOT_TEXT);
        expect(Buffer.byteLength(read?.snapshot ?? '', 'utf8')).toBe(version.snapshotBytes);
        expect(await storage.listAudit('c1', 10)).toStrictEqual([{ ...publishAudit(version), id: expect.any(Number) }]);

        // A large snapshot (a 300-clause framework with its threads) comes back whole.
        const clause = (i: number) => ({
          id: `k${i}`,
          text: { en: `Clause ${i} `.repeat(40), zh: '条款内容'.repeat(40) },
        });
        const big = JSON.stringify({ framework: { clauses: Array.from({ length: 300 }, (_, i) => clause(i)) } });
        const large = versionRecord({ id: 'v2', publishedAt: 11_000, restoredFrom: 'v1', snapshot: big });
        await storage.createVersion(large, publishAudit(large));
        expect(large.snapshotBytes).toBeGreaterThan(200_000);
        expect(await storage.getVersion('v2')).toStrictEqual(large);
        expect(await storage.getVersion('nope')).toBeNull();
      });

      it("lists a consultation's versions newest first, without their snapshots", async () => {
        // Ids sort the other way round from publishing, so neither order can pass for the other.
        const first = versionRecord({ id: 'v-z', publishedAt: 1_000 });
        const second = versionRecord({ id: 'v-y', publishedAt: 2_000, note: '' });
        // Published in the same millisecond as `second`: the later insertion is the newer.
        const third = versionRecord({ id: 'v-x', publishedAt: 2_000, title: { en: '', zh: '第三稿' } });
        const elsewhere = versionRecord({ id: 'v-other', consultationId: 'c2', publishedAt: 1_500 });
        for (const version of [first, second, elsewhere, third])
          await storage.createVersion(version, publishAudit(version));

        const listed = await storage.listVersions('c1');
        expect(listed).toStrictEqual([summaryOf(third), summaryOf(second), summaryOf(first)]);
        for (const version of listed) expect(version).not.toHaveProperty('snapshot');
        expect(await storage.listVersions('c2')).toStrictEqual([summaryOf(elsewhere)]);
        expect(await storage.listVersions('c3')).toEqual([]);
      });

      it('writes a version and its audit entry together or not at all', async () => {
        const version = versionRecord({ id: 'v1' });
        await storage.createVersion(version, publishAudit(version));
        // The id taken, an unknown publisher, an audit entry that cannot be written: nothing stays.
        const twin = versionRecord({ id: 'v1', publishedAt: 20_000, snapshot: '{}' });
        await expect(storage.createVersion(twin, publishAudit(twin))).rejects.toThrow();
        const stranger = versionRecord({ id: 'v2', publishedById: 'nobody' });
        await expect(storage.createVersion(stranger, publishAudit(stranger))).rejects.toThrow();
        const badAudit = versionRecord({ id: 'v3' });
        await expect(
          storage.createVersion(badAudit, { ...publishAudit(badAudit), actorId: 'nobody' }),
        ).rejects.toThrow();
        expect(await storage.listVersions('c1')).toStrictEqual([summaryOf(version)]);
        expect(await storage.getVersion('v1')).toStrictEqual(version);
        expect(await storage.getVersion('v3')).toBeNull();
        expect(await storage.listAudit('c1', 10)).toHaveLength(1);
      });

      it('keeps versions when reopened', async () => {
        const first = versionRecord({ id: 'v1' });
        const second = versionRecord({ id: 'v2', publishedAt: 20_000, threadCount: 3 });
        for (const version of [first, second]) await storage.createVersion(version, publishAudit(version));
        await storage.close();
        storage = await f.reopen();
        expect(await storage.listVersions('c1')).toStrictEqual([summaryOf(second), summaryOf(first)]);
        expect(await storage.getVersion('v1')).toStrictEqual(first);
      });
    });
    describe('visits', () => {
      beforeEach(async () => {
        await seedThreadsFixture(storage);
      });

      it('round-trips a visit exactly, one per consultation and person, null where none', async () => {
        const laos = visitRecord();
        const observer = visitRecord({ personId: 'p-obs', seenAt: 2_000, clauses: {} });
        const elsewhere = visitRecord({ consultationId: 'c2', seenAt: 3_000, clauses: { k2: { en: 'x', zh: 'y' } } });
        for (const visit of [laos, observer, elsewhere]) await storage.setVisit(visit);
        expect(await storage.getVisit('c1', 'p-laos')).toStrictEqual(laos);
        expect(await storage.getVisit('c1', 'p-obs')).toStrictEqual(observer);
        expect(await storage.getVisit('c2', 'p-laos')).toStrictEqual(elsewhere);
        expect(await storage.getVisit('c2', 'p-obs')).toBeNull();
        expect(await storage.getVisit('c1', 'p-sec')).toBeNull();
        expect(await storage.getVisit('c3', 'p-laos')).toBeNull();
      });

      it("replaces a person's visit whole, leaving everyone else's", async () => {
        await storage.setVisit(visitRecord());
        await storage.setVisit(visitRecord({ personId: 'p-sec', seenAt: 5 }));
        // Earlier or later: the store keeps what it is given (the service decides).
        const next = visitRecord({ seenAt: 1_000, clauses: { k2: { en: 'Planning', zh: '规划' } } });
        await storage.setVisit(next);
        expect(await storage.getVisit('c1', 'p-laos')).toStrictEqual(next);
        expect(await storage.getVisit('c1', 'p-sec')).toStrictEqual(visitRecord({ personId: 'p-sec', seenAt: 5 }));
      });

      it('refuses a visit of an unknown person or consultation, writing nothing', async () => {
        await expect(storage.setVisit(visitRecord({ personId: 'nobody' }))).rejects.toThrow();
        await expect(storage.setVisit(visitRecord({ consultationId: 'c3' }))).rejects.toThrow();
        expect(await storage.getVisit('c1', 'nobody')).toBeNull();
        expect(await storage.getVisit('c3', 'p-laos')).toBeNull();
      });

      it('keeps visits when reopened', async () => {
        const visit = visitRecord();
        await storage.setVisit(visit);
        await storage.close();
        storage = await f.reopen();
        expect(await storage.getVisit('c1', 'p-laos')).toStrictEqual(visit);
      });
    });

    describe('translation confirmations', () => {
      beforeEach(async () => {
        await seedThreadsFixture(storage);
      });
      const confirmation = (overrides: Partial<TranslationConfirmationRecord> = {}): TranslationConfirmationRecord => ({
        consultationId: 'c1',
        clauseId: 'k1',
        en: 'Objectives\nsecond paragraph',
        zh: '合作目标\n第二段',
        confirmedById: 'p-laos',
        confirmedAt: 7_000,
        ...overrides,
      });
      const confirmAudit = (c: TranslationConfirmationRecord) =>
        auditRecord({
          consultationId: c.consultationId,
          action: 'translation.confirm',
          target: `clause:${c.clauseId}`,
          at: c.confirmedAt,
        });

      it('round-trips confirmations exactly, one per clause, with their audit entries', async () => {
        const k1 = confirmation();
        const k2 = confirmation({ clauseId: 'k2', en: '', zh: '', confirmedById: 'p-sec', confirmedAt: 8_000 });
        const other = confirmation({ consultationId: 'c2' });
        for (const c of [k1, k2, other]) await storage.confirmTranslation(c, confirmAudit(c));
        const list = await storage.listTranslationConfirmations('c1');
        expect([...list].sort((a, b) => a.clauseId.localeCompare(b.clauseId))).toStrictEqual([k1, k2]);
        expect(await storage.listTranslationConfirmations('c2')).toStrictEqual([other]);
        expect((await storage.listAudit('c1', 10)).map((a) => a.target)).toEqual(['clause:k2', 'clause:k1']);
      });

      it('replaces a clause’s confirmation with the next', async () => {
        await storage.confirmTranslation(confirmation(), confirmAudit(confirmation()));
        const next = confirmation({ en: 'New', zh: '新', confirmedById: 'p-sec', confirmedAt: 9_000 });
        await storage.confirmTranslation(next, confirmAudit(next));
        expect(await storage.listTranslationConfirmations('c1')).toStrictEqual([next]);
        expect(await storage.listAudit('c1', 10)).toHaveLength(2);
      });

      it('refuses an unknown clause or person, writing neither the confirmation nor its audit entry', async () => {
        for (const bad of [confirmation({ clauseId: 'nope' }), confirmation({ confirmedById: 'nobody' })])
          await expect(storage.confirmTranslation(bad, confirmAudit(bad))).rejects.toThrow();
        expect(await storage.listTranslationConfirmations('c1')).toStrictEqual([]);
        expect(await storage.listAudit('c1', 10)).toHaveLength(0);
      });

      it('keeps confirmations when reopened', async () => {
        await storage.confirmTranslation(confirmation(), confirmAudit(confirmation()));
        await storage.close();
        storage = await f.reopen();
        expect(await storage.listTranslationConfirmations('c1')).toStrictEqual([confirmation()]);
      });
    });

    describe('consultation rounds', () => {
      beforeEach(async () => {
        await seedThreadsFixture(storage);
      });

      it('round-trips rounds exactly, by consultation, ordered by opening time then creation', async () => {
        const later = roundRecord({ id: 'r2', opensAt: 30_000, closesAt: 40_000, state: 'open' });
        const first = roundRecord();
        const sameOpening = roundRecord({
          id: 'r3',
          createdAt: 2_000,
          updatedAt: 2_000,
          title: { en: '', zh: '并行' },
        });
        const elsewhere = roundRecord({ id: 'r4', consultationId: 'c2' });
        for (const round of [later, first, sameOpening, elsewhere])
          await storage.createRound(round, {
            ...roundAudit('round.create', round.id),
            consultationId: round.consultationId,
          });
        expect(await storage.listRounds('c1')).toStrictEqual([first, sameOpening, later]);
        expect(await storage.listRounds('c2')).toStrictEqual([elsewhere]);
        expect(await storage.listRounds('c3')).toStrictEqual([]);
        expect(await storage.getRound('r2')).toStrictEqual(later);
        expect(await storage.getRound('nope')).toBeNull();
        const audit = await storage.listAudit('c1', 10);
        expect(audit.map((e) => [e.action, e.target])).toEqual([
          ['round.create', 'round:r3'],
          ['round.create', 'round:r1'],
          ['round.create', 'round:r2'],
        ]);
      });

      it('refuses a round of an unknown consultation or person, or closing before it opens, writing nothing', async () => {
        await expect(
          storage.createRound(roundRecord({ consultationId: 'c3' }), roundAudit('round.create')),
        ).rejects.toThrow();
        await expect(
          storage.createRound(roundRecord({ createdBy: 'nobody' }), roundAudit('round.create')),
        ).rejects.toThrow();
        await expect(
          storage.createRound(roundRecord({ opensAt: 20_000, closesAt: 20_000 }), roundAudit('round.create')),
        ).rejects.toThrow();
        expect(await storage.listRounds('c1')).toEqual([]);
        expect(await storage.listAudit('c1', 10)).toEqual([]);
      });

      it('changes a round with its audit entry; with an expected state, only if it is still in it', async () => {
        await storage.createRound(roundRecord(), roundAudit('round.create'));
        const changed = await storage.updateRound(
          'r1',
          { title: { en: 'Round one', zh: '第一轮' }, closesAt: 25_000, updatedAt: 5_000 },
          roundAudit('round.update', 'r1', 5_000),
        );
        expect(changed).toStrictEqual(
          roundRecord({ title: { en: 'Round one', zh: '第一轮' }, closesAt: 25_000, updatedAt: 5_000 }),
        );
        // The clock's conditional write: drafting → open once; a second racer writes nothing.
        const moves = await Promise.all(
          [0, 1, 2].map(() =>
            storage.updateRound(
              'r1',
              { state: 'open', updatedAt: 10_000 },
              roundAudit('round.transition', 'r1', 10_000),
              'drafting',
            ),
          ),
        );
        expect(moves.filter((m) => m !== null)).toHaveLength(1);
        expect((await storage.getRound('r1'))?.state).toBe('open');
        expect(
          await storage.updateRound('nope', { state: 'closed', updatedAt: 1 }, roundAudit('round.update', 'nope')),
        ).toBeNull();
        const actions = (await storage.listAudit('c1', 10)).map((e) => e.action);
        expect(actions).toEqual(['round.transition', 'round.update', 'round.create']);
      });

      it('refuses a change that would close a round before it opens, writing nothing', async () => {
        await storage.createRound(roundRecord(), roundAudit('round.create'));
        await expect(
          storage.updateRound('r1', { opensAt: 30_000, updatedAt: 2 }, roundAudit('round.update')),
        ).rejects.toThrow();
        expect(await storage.getRound('r1')).toStrictEqual(roundRecord());
        expect((await storage.listAudit('c1', 10)).map((e) => e.action)).toEqual(['round.create']);
      });

      it('lists the rounds the clock may move (drafting or open), of every consultation; keeps them when reopened', async () => {
        await storage.createRound(roundRecord({ id: 'a' }), roundAudit('round.create', 'a'));
        await storage.createRound(
          roundRecord({ id: 'b', state: 'open', opensAt: 5_000 }),
          roundAudit('round.create', 'b'),
        );
        await storage.createRound(roundRecord({ id: 'c', state: 'consolidation' }), roundAudit('round.create', 'c'));
        await storage.createRound(
          roundRecord({ id: 'd', state: 'closed', consultationId: 'c2' }),
          roundAudit('round.create', 'd'),
        );
        await storage.createRound(roundRecord({ id: 'e', consultationId: 'c2' }), roundAudit('round.create', 'e'));
        expect((await storage.listMovingRounds()).map((r) => r.id).sort()).toEqual(['a', 'b', 'e']);
        await storage.close();
        storage = await f.reopen();
        expect((await storage.listRounds('c1')).map((r) => r.id)).toEqual(['b', 'a', 'c']);
      });
    });
  });
}
