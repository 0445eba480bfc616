import path from 'node:path';
import { PostgresStorage, SqliteStorage, type Storage } from '@accord/server';
import { computeVoteResult, type VoteChoice } from '@accord/shared';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type FreshDatabase, freshDatabase } from '../support/postgres.ts';
import { freshDataDir } from '../support/server.ts';
import { skipUnlessServices } from '../support/services.ts';
import { describeStorageContract } from './storageContract.ts';

const skip = await skipUnlessServices(['postgres'], 'the PostgreSQL storage tests');

type VoteRecord = Parameters<Storage['createVote']>[0];
type BallotRecord = Parameters<Storage['castBallot']>[0];
type AuditRecord = Parameters<Storage['appendAudit']>[0];

const CHOICES: VoteChoice[] = ['agree', 'object', 'abstain'];
/** Six member states, each with two delegates: `p-<state>-a` and `p-<state>-b`. */
const STATES = ['kh', 'cn', 'la', 'mm', 'th', 'vn'];

/** A consultation (c1), the secretariat (p-sec) and the six member states with their delegates. */
async function seedVoting(storage: Storage): Promise<void> {
  await storage.createConsultation({
    consultation: { id: 'c1', title: { en: 'Framework', zh: '框架' } },
    framework: { consultationId: 'c1', sections: [], clauses: [] },
    documents: new Map(),
  });
  const person = (id: string, role: 'secretariat' | 'delegate', stakeholderId: string) =>
    storage.createPerson({ id, email: `${id}@example.org`, name: id, role, stakeholderId, passwordHash: 'h' });
  await storage.upsertStakeholder({ id: 'sec', kind: 'secretariat', name: { en: 'Secretariat', zh: '秘书处' } });
  await person('p-sec', 'secretariat', 'sec');
  for (const state of STATES) {
    await storage.upsertStakeholder({ id: state, kind: 'member_state', name: { en: state, zh: state } });
    await person(`p-${state}-a`, 'delegate', state);
    await person(`p-${state}-b`, 'delegate', state);
  }
}

/** An open, untimed majority vote of the six states on the framework of c1. */
const votingRecord = (id: string, overrides: Partial<VoteRecord> = {}): VoteRecord => ({
  id,
  consultationId: 'c1',
  subject: { kind: 'framework' },
  subjectKey: 'c1',
  question: { en: 'Adopt?', zh: '通过？' },
  rule: { kind: 'majority', quorum: 1 },
  advisory: false,
  memberStates: STATES,
  openedById: 'p-sec',
  openedAt: 1_000,
  closesAt: null,
  closed: null,
  supersedes: null,
  ...overrides,
});

const votingAudit = (action: AuditRecord['action'], target: string, detail: Record<string, unknown>, at: number) => ({
  consultationId: 'c1',
  actorId: 'p-sec',
  action,
  target,
  reason: null,
  detail,
  at,
});

/** A ballot's audit entry, as VoteService writes it: from the standing choice to the new one. */
const ballotAudit =
  (ballot: BallotRecord) =>
  (previous: VoteChoice | null): AuditRecord => ({
    ...votingAudit(
      'vote.ballot',
      ballot.voteId,
      { stakeholderId: ballot.stakeholderId, from: previous, to: ballot.choice },
      ballot.at,
    ),
    actorId: ballot.personId,
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(skip)('PostgreSQL storage', () => {
  // The same contract as SQLite, each test on a database of its own.
  describeStorageContract('PostgreSQL', () => {
    let db: FreshDatabase | undefined;
    return {
      open: async () => {
        db = await freshDatabase();
        return PostgresStorage.open(db.url);
      },
      reopen: async () => {
        if (!db) throw new Error('reopen before open');
        return PostgresStorage.open(db.url);
      },
      destroy: async () => {
        await db?.drop();
      },
    };
  });

  describe('PostgreSQL specifics', () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });
    const database = async (opts: { icuLocale?: string } = {}) => {
      const db = await freshDatabase(opts);
      cleanups.push(() => db.drop());
      return db;
    };
    const open = async (url: string, max?: number) => {
      const storage = await PostgresStorage.open(url, max === undefined ? {} : { max });
      cleanups.push(() => storage.close());
      return storage;
    };

    /** An update setting `key` in map "m", from a client of its own: independent of all others. */
    const entryUpdate = (key: string): Uint8Array => {
      const doc = new Y.Doc();
      doc.getMap('m').set(key, key);
      return Y.encodeStateAsUpdate(doc);
    };
    const keysOf = (updates: Uint8Array[]): string[] => {
      const doc = new Y.Doc();
      for (const update of updates) Y.applyUpdate(doc, update);
      return [...doc.getMap('m').keys()].sort();
    };
    const merge = (entries: Uint8Array[]) => Y.mergeUpdates(entries);

    it('migrates once when several instances start together on an empty database', async () => {
      const db = await database();
      const storages = await Promise.all(Array.from({ length: 5 }, () => open(db.url, 2)));
      expect(storages).toHaveLength(5);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ version: number; n: string }>(
          'SELECT version, COUNT(*) AS n FROM schema_migrations GROUP BY version ORDER BY version',
        );
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
      } finally {
        await client.end();
      }
      // Reopening applies nothing new and keeps what is there.
      await storages[0]?.setDocumentText('clause/c1/k1/en', 'kept');
      const again = await open(db.url);
      expect(await again.getDocumentTexts('clause/c1/')).toEqual(new Map([['clause/c1/k1/en', 'kept']]));
    });

    it('loses no append racing repeated compactions, across connections and instances', async () => {
      const db = await database();
      // Two "instances" sharing the database, each with its own pool.
      const a = await open(db.url, 10);
      const b = await open(db.url, 10);
      const name = 'clause/c1/k1/en';
      const total = 400;
      const keys = Array.from({ length: total }, (_, i) => `k${String(i).padStart(3, '0')}`);

      let appending = true;
      let compactions = 0;
      const compactor = async (storage: Storage) => {
        while (appending) {
          await storage.compactDocument(name, merge);
          compactions += 1;
        }
      };
      const compactors = [compactor(a), compactor(b), compactor(a)];
      // Appends in waves of 40 concurrent ones, alternating instances, so compactions land
      // between and during them.
      for (let wave = 0; wave < total; wave += 40) {
        await Promise.all(
          keys
            .slice(wave, wave + 40)
            .map((key, i) => (i % 2 === 0 ? a : b).appendDocumentUpdate(name, entryUpdate(key))),
        );
      }
      appending = false;
      await Promise.all(compactors);

      expect(compactions).toBeGreaterThan(3);
      expect(keysOf(await a.loadDocumentUpdates(name))).toEqual(keys);
      await b.compactDocument(name, merge);
      expect(await a.countDocumentUpdates(name)).toBe(1);
      expect(keysOf(await b.loadDocumentUpdates(name))).toEqual(keys);
    });

    it('keeps an append with a lower seq that commits between the compaction reading and deleting', async () => {
      // The sequence gap, by hand: a transaction takes a seq, then commits late: while the
      // compaction merges (after its read, before its delete). Done with no advisory lock, to
      // show compaction deletes only the rows it read, not every row up to the last seq.
      const db = await database();
      const storage = await open(db.url);
      const name = 'clause/c1/k2/zh';
      await storage.appendDocumentUpdate(name, entryUpdate('first'));
      const slow = new pg.Client({ connectionString: db.url });
      await slow.connect();
      cleanups.push(() => slow.end());
      await slow.query('BEGIN');
      await slow.query('INSERT INTO document_updates (document_name, data) VALUES ($1, $2)', [
        name,
        Buffer.from(entryUpdate('late')),
      ]);
      await storage.appendDocumentUpdate(name, entryUpdate('second'));
      await storage.appendDocumentUpdate(name, entryUpdate('third'));
      let committed: Promise<unknown> = Promise.resolve();
      await storage.compactDocument(name, (entries) => {
        expect(keysOf(entries)).toEqual(['first', 'second', 'third']);
        // pg writes the COMMIT to the socket now; hold this (synchronous) merge long enough
        // for PostgreSQL to commit it before the compaction's DELETE starts.
        committed = slow.query('COMMIT');
        const until = Date.now() + 300;
        while (Date.now() < until) {
          // busy wait: merge is synchronous
        }
        return merge(entries);
      });
      await committed;

      expect(keysOf(await storage.loadDocumentUpdates(name))).toEqual(['first', 'late', 'second', 'third']);
      await storage.compactDocument(name, merge);
      expect(await storage.countDocumentUpdates(name)).toBe(1);
      expect(keysOf(await storage.loadDocumentUpdates(name))).toEqual(['first', 'late', 'second', 'third']);
    });

    it('counts each delegation once when all delegates vote at once from two instances, chaining the audit', async () => {
      const db = await database();
      const a = await open(db.url, 10);
      const b = await open(db.url, 10);
      await seedVoting(a);
      const vote = votingRecord('v1');
      expect(await a.createVote(vote, votingAudit('vote.open', 'v1', {}, 1_000))).toBe(true);

      const casts = new Map<string, number>(STATES.map((state) => [state, 0]));
      for (let round = 0; round < 20; round++) {
        const at = 2_000 + round;
        // Twelve ballots at once, the two delegates of each state on different instances. Their
        // choices move every round; in every third round both delegates pick the same.
        await Promise.all(
          STATES.flatMap((state, s) =>
            (['a', 'b'] as const).map(async (delegate, d) => {
              const choice = CHOICES[(round + s + (d === 1 && round % 3 !== 0 ? 1 : 0)) % 3] as VoteChoice;
              const ballot = { voteId: 'v1', stakeholderId: state, choice, personId: `p-${state}-${delegate}`, at };
              const outcome = await ((s + d) % 2 === 0 ? a : b).castBallot(ballot, ballotAudit(ballot));
              expect(['cast', 'unchanged']).toContain(outcome.status);
              if (outcome.status === 'cast') casts.set(state, (casts.get(state) ?? 0) + 1);
            }),
          ),
        );
      }

      // One standing ballot per state.
      const final = await b.getVote('v1');
      expect(final?.ballots.map((ballot) => ballot.stakeholderId).sort()).toEqual([...STATES].sort());
      // Per state, oldest first, each audit entry starts from where the previous one ended, and
      // the last ends at the standing ballot: no two delegates read the same standing choice.
      const audit = (await a.listAudit('c1', 10_000)).reverse().filter((entry) => entry.action === 'vote.ballot');
      for (const state of STATES) {
        const chain = audit
          .map((entry) => entry.detail as { stakeholderId: string; from: VoteChoice | null; to: VoteChoice })
          .filter((detail) => detail.stakeholderId === state);
        expect(chain.length, state).toBe(casts.get(state));
        expect(chain.length, state).toBeGreaterThanOrEqual(20);
        chain.forEach((link, i) => {
          expect(link.from, `${state} #${i}`).toBe(i === 0 ? null : chain[i - 1]?.to);
          expect(link.to, `${state} #${i}`).not.toBe(link.from);
        });
        expect(final?.ballots.find((ballot) => ballot.stakeholderId === state)?.choice, state).toBe(chain.at(-1)?.to);
      }
    });

    it('freezes exactly the ballots that were cast when they race the close from another instance', async () => {
      const db = await database();
      const a = await open(db.url, 10);
      const b = await open(db.url, 10);
      await seedVoting(a);

      let previous: string | null = null;
      for (let round = 0; round < 30; round++) {
        const at = 10_000 * (round + 1);
        const vote = votingRecord(`v${round}`, { openedAt: at, supersedes: previous });
        expect(await a.createVote(vote, votingAudit('vote.open', vote.id, {}, at))).toBe(true);
        previous = vote.id;

        const cast = new Map<string, VoteChoice>();
        let refused = 0;
        const castFor = async (state: string, s: number, storage: Storage) => {
          const choice = CHOICES[(round + s) % 3] as VoteChoice;
          const ballot = { voteId: vote.id, stakeholderId: state, choice, personId: `p-${state}-a`, at: at + 1 };
          const outcome = await storage.castBallot(ballot, ballotAudit(ballot));
          if (outcome.status === 'cast') cast.set(state, choice);
          else {
            expect(outcome.status).toBe('closed');
            refused += 1;
          }
        };

        // One ballot surely before the close, one surely after, and four racing it, from both
        // instances, while the other instance closes.
        await castFor(STATES[0] as string, 0, a);
        const racing = STATES.slice(1, 5).map((state, i) =>
          sleep(i % 3).then(() => castFor(state, i + 1, i % 2 === 0 ? a : b)),
        );
        const closing = sleep(round % 3).then(() =>
          b.closeVote(
            vote.id,
            { at: at + 2, byId: 'p-sec' },
            (ballots) => computeVoteResult(vote.rule, vote.memberStates, ballots),
            (result) => votingAudit('vote.close', vote.id, { result }, at + 2),
          ),
        );
        const [closed] = await Promise.all([closing, ...racing]);
        await castFor(STATES[5] as string, 5, a);

        // The frozen result is exactly that of the ballots that returned 'cast'; the refused
        // ones account for the rest, and none landed after the freeze.
        const expected = computeVoteResult(
          vote.rule,
          vote.memberStates,
          [...cast].map(([stakeholderId, choice]) => ({ stakeholderId, choice })),
        );
        expect(closed?.vote.closed?.result, `round ${round}`).toStrictEqual(expected);
        expect(cast.size + refused).toBe(6);
        expect(refused).toBeGreaterThanOrEqual(1);
        const stored = await a.getVote(vote.id);
        expect(stored).toStrictEqual(closed);
        expect(new Map(stored?.ballots.map((ballot) => [ballot.stakeholderId, ballot.choice]))).toEqual(cast);
      }
    });

    it('lists document texts by prefix exactly as SQLite does, whatever the default collation', async () => {
      // en-US sorts "B" between "b" and "c": a range scan under it would differ from SQLite's.
      const db = await database({ icuLocale: 'en-US' });
      const postgres = await open(db.url);
      const dir = freshDataDir();
      const sqlite = SqliteStorage.open(path.join(dir, 'accord.sqlite'));
      cleanups.push(() => sqlite.close());
      const names = [
        'doc/a',
        'doc/a1',
        'doc/aB',
        'doc/ab',
        'doc/A',
        'doc/B',
        'doc/b',
        'doc/a_',
        'doc/a%',
        'doc/a\u00e9',
        'doc/a\u4e2d',
        'doc/a\uffff',
        'doc/a\u{1f600}',
        'doc/b\u{1f600}',
        'doc0',
        'doc.',
      ];
      for (const [i, n] of names.entries()) {
        await postgres.setDocumentText(n, `text ${i}`);
        await sqlite.setDocumentText(n, `text ${i}`);
      }
      for (const prefix of ['doc/', 'doc/a', 'doc/A', 'doc/b', 'doc/a_', 'doc/a%', 'doc', '', 'doc/a\u00e9', 'x']) {
        const fromPostgres = await postgres.getDocumentTexts(prefix);
        const fromSqlite = await sqlite.getDocumentTexts(prefix);
        expect(new Map([...fromPostgres].sort()), JSON.stringify(prefix)).toEqual(new Map([...fromSqlite].sort()));
      }
      expect([...(await postgres.getDocumentTexts('doc/a')).keys()].sort()).toEqual(
        ['doc/a', 'doc/a%', 'doc/a1', 'doc/aB', 'doc/a_', 'doc/ab', 'doc/a\u00e9', 'doc/a\u4e2d'].sort(),
      );
    });
  });
});
