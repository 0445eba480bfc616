import type {
  Consultation,
  ConsultationSummary,
  EmailMode,
  Framework,
  Person,
  Round,
  RoundState,
  Stakeholder,
  VoteChoice,
  VoteResult,
} from '@accord/shared';
import pg from 'pg';
import {
  byCreation,
  MAIL_COLUMNS,
  mailValues,
  NOTIFICATION_COLUMNS,
  notificationValues,
  toMail,
  toNotification,
  toNotificationPreference,
} from '../notificationRows.ts';
import {
  auditValues,
  ballotValues,
  closedValue,
  commentPatchColumns,
  commentValues,
  type PatchColumns,
  ROUND_COLUMNS,
  type Row,
  roundPatchColumns,
  roundValues,
  threadPatchColumns,
  threadRowMeets,
  threadValues,
  toAudit,
  toBallot,
  toClause,
  toComment,
  toConsultation,
  toConsultationSummary,
  toPerson,
  toReviewStatus,
  toRound,
  toSection,
  toStakeholder,
  toStoredVersion,
  toThread,
  toTimedOpenVote,
  toTranslationConfirmation,
  toVersion,
  toVisit,
  translationConfirmationValues,
  VERSION_SUMMARY_COLUMNS,
  versionValues,
  visitValues,
  voteRowOpenAt,
  voteValues,
  withBallots,
  withComments,
} from '../rows.ts';
import type {
  AuditRecord,
  BallotRecord,
  CastBallotOutcome,
  CommentPatch,
  CommentRecord,
  MailRecord,
  NewConsultation,
  NotificationPreferenceRecord,
  NotificationRecord,
  PersonWithCredentials,
  ReviewStatusRecord,
  RoundPatch,
  Storage,
  StoredSession,
  StoredVersion,
  ThreadPatch,
  ThreadRecord,
  ThreadWithComments,
  TranslationConfirmationRecord,
  VersionRecord,
  VisitRecord,
  VoteRecord,
  VoteWithBallots,
  WriteConditions,
} from '../Storage.ts';
import { POSTGRES_MIGRATIONS } from './migrations.ts';

type Queryable = Pick<pg.PoolClient, 'query'>;

// Advisory lock keys. A one-key (bigint) lock and a two-key (int, int) lock never collide, and
// advisory locks are per database, so these cannot meet another database's. `hashtext` is
// PostgreSQL's internal string hash: stable within a server, which is all a lock needs; two
// documents sharing a hash only share a lock (they wait for each other, nothing worse).
/** Held while migrating, so instances starting together migrate one after the other. */
const MIGRATION_LOCK = 0x4163636f7264; // "Accord"
/** First key of a document's lock; the second is `hashtext(document_name)`. */
const DOCUMENT_LOCK_CLASS = 0x41636364; // "Accd"
/** First key of a stakeholder's lock on its ballot in a vote; the second hashes both ids. */
const BALLOT_LOCK_CLASS = 0x41636362; // "Accb"

export interface PostgresStorageOptions {
  /** Connections in the pool (10 by default). */
  max?: number;
}

/**
 * The scale-out store: PostgreSQL through a `pg` pool, so several server instances can share it.
 * Behaves as SqliteStorage does (the contract tests in test/storage run against both).
 *
 * Durability: PostgreSQL acknowledges a COMMIT only once its WAL record is flushed to disk (the
 * default `synchronous_commit = on`), and every write below resolves only after its COMMIT, so
 * what a method has resolved survives a crash of the server or of PostgreSQL. Do not run it
 * with `synchronous_commit = off`, which would trade that for speed.
 */
export class PostgresStorage implements Storage {
  private closed = false;

  private constructor(private readonly pool: pg.Pool) {
    // An idle connection dropped by the server (a restart, say) emits here; without a listener
    // the process would crash. The pool replaces it on the next checkout.
    pool.on('error', (error) => console.error('PostgreSQL: an idle connection failed', error.message));
  }

  /** Connects, then brings the schema up to date before resolving. */
  static async open(url: string, options: PostgresStorageOptions = {}): Promise<PostgresStorage> {
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, application_name: 'accord' });
    const storage = new PostgresStorage(pool);
    try {
      await storage.migrate();
    } catch (error) {
      await pool.end().catch(() => {});
      throw error;
    }
    return storage;
  }

  /**
   * All pending migrations in one transaction, behind a transaction-scoped advisory lock: of
   * instances starting together, one migrates while the others wait for its COMMIT, then find
   * nothing left to do. DDL is transactional in PostgreSQL, so a failed migration leaves nothing.
   */
  private async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)',
      );
      const applied = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
      );
      for (const migration of POSTGRES_MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
          migration.version,
          Date.now(),
        ]);
      }
    });
  }

  /** Runs `fn` between BEGIN and COMMIT on one pooled connection; ROLLBACK if it throws. */
  private async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        // The connection is unusable: drop it rather than hand it to the next caller.
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async rows(sql: string, values: unknown[] = [], on: Queryable = this.pool): Promise<Row[]> {
    return (await on.query<Row>(sql, values)).rows;
  }

  private async row(sql: string, values: unknown[] = [], on: Queryable = this.pool): Promise<Row | undefined> {
    return (await this.rows(sql, values, on))[0];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  async upsertStakeholder(s: Stakeholder): Promise<void> {
    await this.pool.query(
      `INSERT INTO stakeholders (id, kind, name) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name`,
      [s.id, s.kind, JSON.stringify(s.name)],
    );
  }

  async listStakeholders(): Promise<Stakeholder[]> {
    return (await this.rows('SELECT id, kind, name FROM stakeholders ORDER BY ord')).map(toStakeholder);
  }

  async getStakeholder(id: string): Promise<Stakeholder | null> {
    const row = await this.row('SELECT id, kind, name FROM stakeholders WHERE id = $1', [id]);
    return row ? toStakeholder(row) : null;
  }

  async createPerson(p: PersonWithCredentials): Promise<void> {
    await this.pool.query(
      'INSERT INTO people (id, email, name, role, stakeholder_id, password_hash) VALUES ($1, $2, $3, $4, $5, $6)',
      [p.id, p.email.toLowerCase(), p.name, p.role, p.stakeholderId, p.passwordHash],
    );
  }

  async findPersonByEmail(email: string): Promise<PersonWithCredentials | null> {
    const row = await this.row('SELECT * FROM people WHERE email = $1', [email.toLowerCase()]);
    return row ? { ...toPerson(row), passwordHash: String(row.password_hash) } : null;
  }

  async getPerson(id: string): Promise<Person | null> {
    const row = await this.row('SELECT * FROM people WHERE id = $1', [id]);
    return row ? toPerson(row) : null;
  }

  async createConsultation({ consultation, framework, documents }: NewConsultation): Promise<void> {
    // One transaction; each table in one statement (unnest), however large the framework.
    await this.transaction(async (client) => {
      await client.query('INSERT INTO consultations (id, title, created_at) VALUES ($1, $2, $3)', [
        consultation.id,
        JSON.stringify(consultation.title),
        Date.now(),
      ]);
      const sections = framework.sections;
      await client.query(
        `INSERT INTO sections (consultation_id, id, parent_id, position, title)
         SELECT $1::text, * FROM unnest($2::text[], $3::text[], $4::int[], $5::text[])`,
        [
          consultation.id,
          sections.map((s) => s.id),
          sections.map((s) => s.parentId),
          sections.map((s) => s.position),
          sections.map((s) => JSON.stringify(s.title)),
        ],
      );
      const clauses = framework.clauses;
      await client.query(
        `INSERT INTO clauses (consultation_id, id, section_id, position)
         SELECT $1::text, * FROM unnest($2::text[], $3::text[], $4::int[])`,
        [consultation.id, clauses.map((c) => c.id), clauses.map((c) => c.sectionId), clauses.map((c) => c.position)],
      );
      const names = [...documents.keys()];
      const initial = [...documents.values()];
      await client.query(
        'INSERT INTO document_updates (document_name, data) SELECT * FROM unnest($1::text[], $2::bytea[])',
        [names, initial.map((d) => toBuffer(d.update))],
      );
      await client.query(
        'INSERT INTO document_texts (document_name, text) SELECT * FROM unnest($1::text[], $2::text[])',
        [names, initial.map((d) => d.text)],
      );
    });
  }

  async listConsultations(): Promise<ConsultationSummary[]> {
    const rows = await this.rows(
      `SELECT c.id, c.title, (SELECT COUNT(*) FROM clauses k WHERE k.consultation_id = c.id) AS clause_count
       FROM consultations c ORDER BY c.created_at, c.ord`,
    );
    return rows.map(toConsultationSummary);
  }

  async getConsultation(id: string): Promise<Consultation | null> {
    const row = await this.row('SELECT id, title FROM consultations WHERE id = $1', [id]);
    return row ? toConsultation(row) : null;
  }

  async getFramework(consultationId: string): Promise<Framework | null> {
    if (!(await this.getConsultation(consultationId))) return null;
    const sections = (
      await this.rows('SELECT * FROM sections WHERE consultation_id = $1 ORDER BY position', [consultationId])
    ).map(toSection);
    const clauses = (
      await this.rows('SELECT * FROM clauses WHERE consultation_id = $1 ORDER BY position', [consultationId])
    ).map(toClause);
    return { consultationId, sections, clauses };
  }

  async clauseExists(consultationId: string, clauseId: string): Promise<boolean> {
    return !!(await this.row('SELECT 1 FROM clauses WHERE consultation_id = $1 AND id = $2', [
      consultationId,
      clauseId,
    ]));
  }

  /**
   * One statement, so one round trip and its own transaction: the promise resolves after the
   * COMMIT, i.e. after the WAL is flushed (synchronous_commit = on).
   *
   * It first takes the document's advisory lock in *shared* mode, held to its COMMIT: appends to
   * one document do not wait for each other, but do wait for a running compaction (which takes
   * the lock exclusively), and a compaction waits for the appends under way. Why: `seq` is drawn
   * from the sequence at INSERT time, not at commit, and under READ COMMITTED each statement
   * sees what was committed when it started. Without the lock, an append could draw seq 41 and
   * commit after a compaction's SELECT saw 40 and 42 but before its DELETE: a "seq <= 42" delete
   * would remove it unmerged. With the lock, every append either committed before the
   * compaction's read (so is read and merged) or draws its seq after the compaction's COMMIT (so
   * is kept, after the merged entry). The lock is taken in a CTE the INSERT reads its row from,
   * so it is held before `nextval` runs.
   */
  async appendDocumentUpdate(documentName: string, update: Uint8Array): Promise<void> {
    await this.pool.query(
      `WITH locked AS (SELECT pg_advisory_xact_lock_shared(${DOCUMENT_LOCK_CLASS}, hashtext($1::text)))
       INSERT INTO document_updates (document_name, data) SELECT $1::text, $2::bytea FROM locked`,
      [documentName, toBuffer(update)],
    );
  }

  async loadDocumentUpdates(documentName: string): Promise<Uint8Array[]> {
    return (await this.readUpdates(documentName, this.pool)).map((r) => r.data);
  }

  private async readUpdates(documentName: string, on: Queryable): Promise<{ seq: string; data: Uint8Array }[]> {
    const rows = await this.rows(
      'SELECT seq, data FROM document_updates WHERE document_name = $1 ORDER BY seq',
      [documentName],
      on,
    );
    // BIGINT seq stays a string (as pg returns it): it only goes back into SQL.
    return rows.map((r) => ({ seq: String(r.seq), data: new Uint8Array(r.data as Buffer) }));
  }

  /**
   * In one READ COMMITTED transaction: take the document's advisory lock exclusively (waiting
   * for the appends under way to commit, and holding new ones back until our COMMIT; see
   * appendDocumentUpdate), read the log, merge, delete exactly the rows read and insert the
   * merged one under the first entry's seq, so it stays first. Two layers, then, against losing
   * a racing append: the lock, and deleting the rows read by their seqs rather than "seq <=
   * last", so even a row written around the lock could only be left in the log, never deleted
   * unmerged (test/storage/postgres.test.ts checks both). The exclusive lock also keeps two
   * instances from compacting one document at once, which could replace a wider merge by a
   * narrower one. Appends to this one document wait while it merges, as all writes wait for
   * SQLite's compaction.
   */
  async compactDocument(documentName: string, merge: (entries: Uint8Array[]) => Uint8Array): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(${DOCUMENT_LOCK_CLASS}, hashtext($1::text))`, [documentName]);
      const entries = await this.readUpdates(documentName, client);
      const first = entries[0];
      if (!first || entries.length < 2) return;
      const merged = merge(entries.map((e) => e.data));
      await client.query('DELETE FROM document_updates WHERE document_name = $1 AND seq = ANY($2::bigint[])', [
        documentName,
        entries.map((e) => e.seq),
      ]);
      await client.query('INSERT INTO document_updates (seq, document_name, data) VALUES ($1, $2, $3)', [
        first.seq,
        documentName,
        toBuffer(merged),
      ]);
    });
  }

  async countDocumentUpdates(documentName: string): Promise<number> {
    const row = await this.row('SELECT COUNT(*) AS n FROM document_updates WHERE document_name = $1', [documentName]);
    return Number(row?.n ?? 0);
  }

  async setDocumentText(documentName: string, text: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO document_texts (document_name, text) VALUES ($1, $2)
       ON CONFLICT (document_name) DO UPDATE SET text = excluded.text`,
      [documentName, text],
    );
  }

  async getDocumentTexts(prefix: string): Promise<Map<string, string>> {
    // Range scan on the primary key, compared bytewise (COLLATE "C", as SQLite's BINARY); no
    // LIKE, so "_" and "%" in names mean nothing special.
    const rows = await this.rows(
      `SELECT document_name, text FROM document_texts
       WHERE document_name >= $1 COLLATE "C" AND document_name < $2 COLLATE "C"
       ORDER BY document_name COLLATE "C"`,
      [prefix, `${prefix}\uffff`],
    );
    return new Map(rows.map((r) => [String(r.document_name), String(r.text)]));
  }

  async listPeople(): Promise<Person[]> {
    return (await this.rows('SELECT * FROM people ORDER BY ord')).map(toPerson);
  }

  async createThread(thread: ThreadRecord, opening: CommentRecord): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(
        `INSERT INTO threads (id, consultation_id, clause_id, passage, kind, proposal, author_id, stakeholder_id,
           status, locked, duplicate_of, response, applied, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        threadValues(thread, bindBoolean),
      );
      await this.insertComment(client, opening);
    });
  }

  private async insertComment(client: Queryable, c: CommentRecord): Promise<void> {
    await client.query(
      `INSERT INTO comments (id, thread_id, author_id, stakeholder_id, body, created_at, edited_at, withdrawn_at, hidden)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      commentValues(c),
    );
  }

  async getThread(id: string): Promise<ThreadWithComments | null> {
    const row = await this.row('SELECT * FROM threads WHERE id = $1', [id]);
    if (!row) return null;
    const comments = (
      await this.rows('SELECT * FROM comments WHERE thread_id = $1 ORDER BY created_at, ord', [id])
    ).map(toComment);
    return { thread: toThread(row), comments };
  }

  async listThreads(consultationId: string): Promise<ThreadWithComments[]> {
    const threads = (
      await this.rows('SELECT * FROM threads WHERE consultation_id = $1 ORDER BY created_at, ord', [consultationId])
    ).map(toThread);
    const comments = (
      await this.rows(
        `SELECT c.* FROM comments c JOIN threads t ON t.id = c.thread_id
         WHERE t.consultation_id = $1 ORDER BY c.created_at, c.ord`,
        [consultationId],
      )
    ).map(toComment);
    return withComments(threads, comments);
  }

  async getComment(id: string): Promise<CommentRecord | null> {
    const row = await this.row('SELECT * FROM comments WHERE id = $1', [id]);
    return row ? toComment(row) : null;
  }

  /**
   * Whether the thread exists and meets the conditions; call inside a transaction. Locks the
   * thread's row (FOR UPDATE) until COMMIT, so no concurrent write can change what was checked
   * before this transaction's write lands.
   */
  private async threadMeets(client: Queryable, threadId: string, conditions: WriteConditions): Promise<boolean> {
    const row = await this.row(
      'SELECT locked, response, applied FROM threads WHERE id = $1 FOR UPDATE',
      [threadId],
      client,
    );
    return row !== undefined && threadRowMeets(row, conditions);
  }

  private async touchThread(client: Queryable, threadId: string, at: number): Promise<void> {
    await client.query('UPDATE threads SET updated_at = GREATEST(updated_at, $1) WHERE id = $2', [at, threadId]);
  }

  async addComment(comment: CommentRecord, conditions: WriteConditions = {}): Promise<boolean> {
    return this.transaction(async (client) => {
      if (!(await this.threadMeets(client, comment.threadId, conditions))) return false;
      await this.insertComment(client, comment);
      await this.touchThread(client, comment.threadId, comment.createdAt);
      return true;
    });
  }

  async updateThread(
    id: string,
    patch: ThreadPatch,
    audit: AuditRecord | null,
    conditions: WriteConditions = {},
  ): Promise<boolean> {
    return this.transaction(async (client) => {
      if (!(await this.threadMeets(client, id, conditions))) return false;
      await this.writePatch(client, 'threads', id, threadPatchColumns(patch, bindBoolean), id, audit);
      return true;
    });
  }

  async updateComment(
    id: string,
    patch: CommentPatch,
    audit: AuditRecord | null,
    conditions: WriteConditions = {},
  ): Promise<boolean> {
    return this.transaction(async (client) => {
      // A comment never changes thread, so reading its thread_id needs no lock.
      const row = await this.row('SELECT thread_id FROM comments WHERE id = $1', [id], client);
      if (!row) return false;
      const threadId = String(row.thread_id);
      if (!(await this.threadMeets(client, threadId, conditions))) return false;
      await this.writePatch(client, 'comments', id, commentPatchColumns(patch), threadId, audit);
      return true;
    });
  }

  /**
   * The common end of updateThread and updateComment: sets the patched columns of `table`'s row
   * `id` (if any), then, with an audit entry, touches the thread and appends the entry.
   */
  private async writePatch(
    client: Queryable,
    table: 'threads' | 'comments',
    id: string,
    { names, values }: PatchColumns,
    threadId: string,
    audit: AuditRecord | null,
  ): Promise<void> {
    if (names.length > 0) {
      const sets = names.map((name, i) => `${name} = $${i + 1}`).join(', ');
      await client.query(`UPDATE ${table} SET ${sets} WHERE id = $${names.length + 1}`, [...values, id]);
    }
    if (audit) {
      await this.touchThread(client, threadId, audit.at);
      await this.insertAudit(client, audit);
    }
  }

  async setReviewStatus(record: ReviewStatusRecord, audit: AuditRecord): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(
        `INSERT INTO review_statuses (consultation_id, stakeholder_id, status, set_by, set_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (consultation_id, stakeholder_id)
         DO UPDATE SET status = excluded.status, set_by = excluded.set_by, set_at = excluded.set_at`,
        [record.consultationId, record.stakeholderId, record.status, record.byId, record.at],
      );
      await this.insertAudit(client, audit);
    });
  }

  async listReviewStatuses(consultationId: string): Promise<ReviewStatusRecord[]> {
    // Primary-key order, as SQLite returns them.
    const rows = await this.rows(
      'SELECT * FROM review_statuses WHERE consultation_id = $1 ORDER BY stakeholder_id COLLATE "C"',
      [consultationId],
    );
    return rows.map(toReviewStatus);
  }

  async createVote(vote: VoteRecord, audit: AuditRecord): Promise<boolean> {
    return this.transaction(async (client) => {
      // The conflict target is the partial unique index (one open vote per subject): only its
      // refusal turns into false; any other constraint (the id taken, a missing person) throws.
      // DO NOTHING rather than catching the error, which would abort the transaction. A racing
      // insert on the same subject waits for ours to commit or roll back, then yields or goes in.
      const inserted = await client.query(
        `INSERT INTO votes (id, consultation_id, subject, subject_key, question, rule, advisory, member_states,
           opened_by, opened_at, closes_at, closed, supersedes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (consultation_id, subject_key) WHERE closed IS NULL DO NOTHING`,
        voteValues(vote, bindBoolean),
      );
      if (inserted.rowCount === 0) return false;
      await this.insertAudit(client, audit);
      return true;
    });
  }

  async getVote(id: string): Promise<VoteWithBallots | null> {
    return this.readVote(this.pool, id);
  }

  /** A vote with its ballots; on a transaction's client, as of it. */
  private async readVote(on: Queryable, id: string): Promise<VoteWithBallots | null> {
    const row = await this.row(`${SELECT_VOTES} WHERE v.id = $1`, [id], on);
    if (!row) return null;
    return withBallots([row], await this.readBallots(on, id))[0] ?? null;
  }

  private async readBallots(on: Queryable, voteId: string): Promise<BallotRecord[]> {
    return (await this.rows('SELECT * FROM ballots WHERE vote_id = $1 ORDER BY at, ord', [voteId], on)).map(toBallot);
  }

  async listVotes(consultationId: string): Promise<VoteWithBallots[]> {
    const votes = await this.rows(`${SELECT_VOTES} WHERE v.consultation_id = $1 ORDER BY v.opened_at, v.ord`, [
      consultationId,
    ]);
    const ballots = (
      await this.rows(
        `SELECT b.* FROM ballots b JOIN votes v ON v.id = b.vote_id
         WHERE v.consultation_id = $1 ORDER BY b.at, b.ord`,
        [consultationId],
      )
    ).map(toBallot);
    return withBallots(votes, ballots);
  }

  /**
   * Two locks, taken in this order, held to COMMIT:
   * - the vote's row FOR SHARE: ballots (of any stakeholder) do not wait for each other, but a
   *   closeVote (FOR UPDATE) waits for those under way, and a ballot arriving after it waits for
   *   its COMMIT, then reads the vote closed (under READ COMMITTED a locking read returns the
   *   latest version of the row). So every ballot either commits before the close reads the
   *   ballots, or is refused: none lands unseen by the frozen result.
   * - a transaction-scoped advisory lock on (vote, stakeholder): two delegates of one country
   *   casting at once take turns, so each reads the standing choice the other left, and the audit
   *   log's from/to chain holds. A row lock could not do it for the first ballot, which has no row
   *   to lock yet. Other countries' ballots take other keys (or, on a hash collision, only wait).
   * Taken in that order, no transaction waits for the row while holding the advisory lock, so
   * they cannot deadlock with a close. (Shared lockers may pass a waiting close: it waits for a
   * gap in the ballots, which are few and short.)
   */
  async castBallot(
    ballot: BallotRecord,
    audit: (previous: VoteChoice | null) => AuditRecord,
  ): Promise<CastBallotOutcome> {
    return this.transaction(async (client): Promise<CastBallotOutcome> => {
      const vote = await this.row(
        'SELECT closed, closes_at FROM votes WHERE id = $1 FOR SHARE',
        [ballot.voteId],
        client,
      );
      if (!vote) return { status: 'not_found' };
      if (!voteRowOpenAt(vote, ballot.at)) return { status: 'closed' };
      await client.query(`SELECT pg_advisory_xact_lock(${BALLOT_LOCK_CLASS}, hashtext($1::text || '/' || $2::text))`, [
        ballot.voteId,
        ballot.stakeholderId,
      ]);
      const standing = await this.row(
        'SELECT choice FROM ballots WHERE vote_id = $1 AND stakeholder_id = $2',
        [ballot.voteId, ballot.stakeholderId],
        client,
      );
      const previous = standing ? (standing.choice as VoteChoice) : null;
      if (previous === ballot.choice) return { status: 'unchanged' };
      await client.query(
        `INSERT INTO ballots (vote_id, stakeholder_id, choice, person_id, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (vote_id, stakeholder_id)
         DO UPDATE SET choice = excluded.choice, person_id = excluded.person_id, at = excluded.at`,
        ballotValues(ballot),
      );
      await this.insertAudit(client, audit(previous));
      return { status: 'cast', previous };
    });
  }

  /**
   * Locks the vote's row FOR UPDATE: waits for the ballots under way (they hold it FOR SHARE) to
   * commit, and holds new ones back until our COMMIT, after which they read the vote closed. The
   * ballots read next (a new statement, so a new snapshot) are then all there will ever be.
   */
  async closeVote(
    id: string,
    close: { at: number; byId: string | null },
    result: (ballots: BallotRecord[]) => VoteResult,
    audit: (result: VoteResult) => AuditRecord,
  ): Promise<VoteWithBallots | null> {
    return this.transaction(async (client) => {
      const vote = await this.row('SELECT closed FROM votes WHERE id = $1 FOR UPDATE', [id], client);
      if (!vote || vote.closed !== null) return null;
      const frozen = result(await this.readBallots(client, id));
      await client.query('UPDATE votes SET closed = $1 WHERE id = $2', [
        closedValue({ at: close.at, byId: close.byId, result: frozen }),
        id,
      ]);
      await this.insertAudit(client, audit(frozen));
      return this.readVote(client, id);
    });
  }

  async listTimedOpenVotes(): Promise<{ id: string; consultationId: string; closesAt: number }[]> {
    const rows = await this.rows(
      'SELECT id, consultation_id, closes_at FROM votes WHERE closed IS NULL AND closes_at IS NOT NULL ORDER BY closes_at',
    );
    return rows.map(toTimedOpenVote);
  }

  async createRound(round: Round, audit: AuditRecord): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(
        `INSERT INTO rounds (${ROUND_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        roundValues(round),
      );
      await this.insertAudit(client, audit);
    });
  }

  async getRound(id: string): Promise<Round | null> {
    const row = await this.row('SELECT * FROM rounds WHERE id = $1', [id]);
    return row ? toRound(row) : null;
  }

  async listRounds(consultationId: string): Promise<Round[]> {
    const rows = await this.rows('SELECT * FROM rounds WHERE consultation_id = $1 ORDER BY opens_at, created_at, id', [
      consultationId,
    ]);
    return rows.map(toRound);
  }

  async updateRound(
    id: string,
    patch: RoundPatch,
    audit: AuditRecord,
    expectedState?: RoundState,
  ): Promise<Round | null> {
    const { names, values } = roundPatchColumns(patch);
    return this.transaction(async (client) => {
      const sets = names.map((name, i) => `${name} = $${i + 1}`).join(', ');
      const where =
        expectedState === undefined
          ? `id = $${names.length + 1}`
          : `id = $${names.length + 1} AND state = $${names.length + 2}`;
      // The conditional UPDATE takes the row lock: of two instances racing, the second sees the new state.
      const row = await this.row(
        `UPDATE rounds SET ${sets} WHERE ${where} RETURNING *`,
        expectedState === undefined ? [...values, id] : [...values, id, expectedState],
        client,
      );
      if (!row) return null;
      await this.insertAudit(client, audit);
      return toRound(row);
    });
  }

  async listMovingRounds(): Promise<Round[]> {
    const rows = await this.rows("SELECT * FROM rounds WHERE state IN ('drafting', 'open') ORDER BY opens_at");
    return rows.map(toRound);
  }

  async createVersion(version: StoredVersion, audit: AuditRecord): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(
        `INSERT INTO versions (id, consultation_id, title, note, published_by, published_at, restored_from,
           clause_count, thread_count, snapshot, snapshot_bytes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        versionValues(version),
      );
      await this.insertAudit(client, audit);
    });
  }

  async listVersions(consultationId: string): Promise<VersionRecord[]> {
    const rows = await this.rows(
      `SELECT ${VERSION_SUMMARY_COLUMNS} FROM versions WHERE consultation_id = $1
       ORDER BY published_at DESC, ord DESC`,
      [consultationId],
    );
    return rows.map(toVersion);
  }

  async getVersion(id: string): Promise<StoredVersion | null> {
    const row = await this.row('SELECT * FROM versions WHERE id = $1', [id]);
    return row ? toStoredVersion(row) : null;
  }

  async getVisit(consultationId: string, personId: string): Promise<VisitRecord | null> {
    const row = await this.row('SELECT * FROM visits WHERE consultation_id = $1 AND person_id = $2', [
      consultationId,
      personId,
    ]);
    return row ? toVisit(row) : null;
  }

  async setVisit(record: VisitRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO visits (consultation_id, person_id, seen_at, snapshot) VALUES ($1, $2, $3, $4)
       ON CONFLICT (consultation_id, person_id)
       DO UPDATE SET seen_at = excluded.seen_at, snapshot = excluded.snapshot`,
      visitValues(record),
    );
  }

  async confirmTranslation(record: TranslationConfirmationRecord, audit: AuditRecord): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(
        `INSERT INTO translation_confirmations (consultation_id, clause_id, en, zh, confirmed_by, confirmed_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (consultation_id, clause_id) DO UPDATE SET en = excluded.en, zh = excluded.zh,
           confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at`,
        translationConfirmationValues(record),
      );
      await this.insertAudit(client, audit);
    });
  }

  async listTranslationConfirmations(consultationId: string): Promise<TranslationConfirmationRecord[]> {
    const rows = await this.rows('SELECT * FROM translation_confirmations WHERE consultation_id = $1', [
      consultationId,
    ]);
    return rows.map(toTranslationConfirmation);
  }

  private async insertAudit(client: Queryable, entry: AuditRecord): Promise<void> {
    await client.query(
      `INSERT INTO audit_log (consultation_id, actor_id, action, target, reason, detail, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      auditValues(entry),
    );
  }

  async appendAudit(entry: AuditRecord): Promise<void> {
    await this.insertAudit(this.pool, entry);
  }

  async listAudit(consultationId: string, limit: number): Promise<(AuditRecord & { id: number })[]> {
    const rows = await this.rows('SELECT * FROM audit_log WHERE consultation_id = $1 ORDER BY id DESC LIMIT $2', [
      consultationId,
      limit,
    ]);
    return rows.map(toAudit);
  }

  async getSession(id: string): Promise<StoredSession | null> {
    const row = await this.row('SELECT data, expires_at FROM sessions WHERE id = $1', [id]);
    if (!row || Number(row.expires_at) < Date.now()) return null;
    return { data: String(row.data), expiresAt: Number(row.expires_at) };
  }

  async setSession(id: string, session: StoredSession): Promise<void> {
    await this.pool.query(
      `INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
      [id, session.data, session.expiresAt],
    );
  }

  async destroySession(id: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE id = $1', [id]);
  }

  async pruneSessions(now: number): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE expires_at < $1', [now]);
  }

  // — notifications —

  async addNotifications(
    items: { notification: NotificationRecord; mail: MailRecord | null }[],
  ): Promise<NotificationRecord[]> {
    if (items.length === 0) return [];
    return this.transaction(async (client) => {
      const written: NotificationRecord[] = [];
      for (const { notification, mail } of items) {
        const result = await client.query(
          `INSERT INTO notifications (${NOTIFICATION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (person_id, dedupe_key) DO NOTHING`,
          notificationValues(notification),
        );
        if (result.rowCount === 0) continue;
        written.push(notification);
        if (mail) await this.insertMail(client, mail);
      }
      return written;
    });
  }

  private async insertMail(client: Queryable, mail: MailRecord): Promise<void> {
    await client.query(
      `INSERT INTO mail_outbox (${MAIL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      mailValues(mail),
    );
  }

  async listNotifications(
    personId: string,
    opts: { limit: number; before?: number; beforeId?: string },
  ): Promise<NotificationRecord[]> {
    // COLLATE "C": ids compare byte by byte, as SQLite and the ORDER BY below do.
    const rows = await this.rows(
      `SELECT * FROM notifications
       WHERE person_id = $1 AND (created_at < $2 OR (created_at = $2 AND id COLLATE "C" < $3))
       ORDER BY created_at DESC, id COLLATE "C" DESC LIMIT $4`,
      [personId, opts.before ?? Number.MAX_SAFE_INTEGER, opts.beforeId ?? '', opts.limit],
    );
    return rows.map(toNotification);
  }

  async listNotificationsBetween(personId: string, after: number, upTo: number): Promise<NotificationRecord[]> {
    const rows = await this.rows(
      `SELECT * FROM notifications WHERE person_id = $1 AND created_at > $2 AND created_at <= $3
       ORDER BY created_at, id`,
      [personId, after, upTo],
    );
    return rows.map(toNotification);
  }

  async countUnreadNotifications(personId: string): Promise<number> {
    const row = await this.row('SELECT COUNT(*) AS n FROM notifications WHERE person_id = $1 AND read_at IS NULL', [
      personId,
    ]);
    return Number(row?.n ?? 0);
  }

  async markNotificationsRead(
    personId: string,
    which: { ids: string[] } | { upTo: number; upToId?: string },
    at: number,
  ): Promise<number> {
    const result =
      'upTo' in which
        ? which.upToId === undefined
          ? await this.pool.query(
              'UPDATE notifications SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL AND created_at <= $3',
              [at, personId, which.upTo],
            )
          : await this.pool.query(
              `UPDATE notifications SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL
               AND (created_at < $3 OR (created_at = $3 AND id COLLATE "C" <= $4))`,
              [at, personId, which.upTo, which.upToId],
            )
        : await this.pool.query(
            'UPDATE notifications SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL AND id = ANY($3::text[])',
            [at, personId, [...new Set(which.ids)]],
          );
    return result.rowCount ?? 0;
  }

  async listNotificationPreferences(): Promise<NotificationPreferenceRecord[]> {
    return (await this.rows('SELECT * FROM notification_preferences')).map(toNotificationPreference);
  }

  async getNotificationPreference(personId: string): Promise<NotificationPreferenceRecord | null> {
    const row = await this.row('SELECT * FROM notification_preferences WHERE person_id = $1', [personId]);
    return row ? toNotificationPreference(row) : null;
  }

  async setNotificationPreference(personId: string, email: EmailMode, digestSentUpTo?: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO notification_preferences (person_id, email_mode, digest_sent_up_to) VALUES ($1, $2, $3)
       ON CONFLICT (person_id) DO UPDATE SET email_mode = excluded.email_mode,
         digest_sent_up_to = COALESCE($3, notification_preferences.digest_sent_up_to)`,
      [personId, email, digestSentUpTo ?? null],
    );
  }

  async queueDigest(
    personId: string,
    expected: number | null,
    upTo: number,
    mail: MailRecord | null,
  ): Promise<boolean> {
    return this.transaction(async (client) => {
      // Racing instances: the row lock makes the second wait, then see the moved value and skip.
      const result = await client.query(
        `INSERT INTO notification_preferences (person_id, email_mode, digest_sent_up_to) VALUES ($1, 'daily', $2)
         ON CONFLICT (person_id) DO UPDATE SET digest_sent_up_to = excluded.digest_sent_up_to
         WHERE notification_preferences.digest_sent_up_to IS NOT DISTINCT FROM $3::bigint`,
        [personId, upTo, expected],
      );
      if (result.rowCount === 0) return false;
      if (mail) await this.insertMail(client, mail);
      return true;
    });
  }

  async claimDueMail(now: number, leaseUntil: number, limit: number): Promise<MailRecord[]> {
    // SKIP LOCKED: instances claiming at once each take different mails, none waits on another.
    const rows = await this.rows(
      `UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = $1
       WHERE id IN (SELECT id FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= $2
                    ORDER BY next_attempt_at, created_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [leaseUntil, now, limit],
    );
    return rows.map(toMail).sort(byCreation);
  }

  async settleMail(
    id: string,
    outcome:
      | { status: 'sent'; at: number }
      | { status: 'pending'; nextAttemptAt: number; error: string }
      | { status: 'dead'; error: string },
  ): Promise<void> {
    if (outcome.status === 'sent')
      await this.pool.query("UPDATE mail_outbox SET status = 'sent', sent_at = $1, last_error = NULL WHERE id = $2", [
        outcome.at,
        id,
      ]);
    else if (outcome.status === 'pending')
      await this.pool.query('UPDATE mail_outbox SET next_attempt_at = $1, last_error = $2 WHERE id = $3', [
        outcome.nextAttemptAt,
        outcome.error,
        id,
      ]);
    else
      await this.pool.query("UPDATE mail_outbox SET status = 'dead', last_error = $1 WHERE id = $2", [
        outcome.error,
        id,
      ]);
  }

  async nextMailDueAt(): Promise<number | null> {
    const row = await this.row("SELECT MIN(next_attempt_at) AS at FROM mail_outbox WHERE status = 'pending'");
    return row?.at === null || row?.at === undefined ? null : Number(row.at);
  }

  async listMail(personId?: string): Promise<MailRecord[]> {
    const rows = personId
      ? await this.rows('SELECT * FROM mail_outbox WHERE person_id = $1 ORDER BY created_at, id', [personId])
      : await this.rows('SELECT * FROM mail_outbox ORDER BY created_at, id');
    return rows.map(toMail);
  }
}

/** Votes' columns and the id of the (first) vote superseding each, for WHERE and ORDER BY to follow. */
const SELECT_VOTES = `SELECT v.*,
    (SELECT s.id FROM votes s WHERE s.supersedes = v.id ORDER BY s.opened_at, s.ord LIMIT 1) AS superseded_by
  FROM votes v`;

/** node-postgres binds a boolean as BOOLEAN. */
const bindBoolean = (value: boolean): boolean => value;

/** A Buffer over the same memory (no copy), as `pg` sends BYTEA. */
const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
