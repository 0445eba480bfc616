import fs from 'node:fs';
import path from 'node:path';
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
import Database from 'better-sqlite3';
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
import { SQLITE_MIGRATIONS } from './migrations.ts';

/**
 * The embedded default: one SQLite file, WAL mode. better-sqlite3 is synchronous, so each
 * method has finished writing (to the WAL, through the OS) when its promise resolves: a
 * `kill -9` of the server cannot lose it. `synchronous=FULL` also fsyncs each commit, so a
 * power cut cannot either.
 */
export class SqliteStorage implements Storage {
  private readonly db: Database.Database;

  private constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
  }

  /** Statements prepared once and reused: preparing costs more than running most of them. */
  private readonly statements = new Map<string, Database.Statement>();

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  static open(file: string): SqliteStorage {
    const storage = new SqliteStorage(file);
    storage.migrate();
    return storage;
  }

  private migrate(): void {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
    );
    const applied = new Set(
      (this.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
    );
    for (const migration of SQLITE_MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        this.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
          migration.version,
          Date.now(),
        );
      })();
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }

  async upsertStakeholder(s: Stakeholder): Promise<void> {
    this.prepare(
      `INSERT INTO stakeholders (id, kind, name) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name`,
    ).run(s.id, s.kind, JSON.stringify(s.name));
  }

  async listStakeholders(): Promise<Stakeholder[]> {
    return (this.prepare('SELECT * FROM stakeholders ORDER BY rowid').all() as Row[]).map(toStakeholder);
  }

  async getStakeholder(id: string): Promise<Stakeholder | null> {
    const row = this.prepare('SELECT * FROM stakeholders WHERE id = ?').get(id) as Row | undefined;
    return row ? toStakeholder(row) : null;
  }

  async createPerson(p: PersonWithCredentials): Promise<void> {
    this.prepare(
      'INSERT INTO people (id, email, name, role, stakeholder_id, password_hash) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(p.id, p.email.toLowerCase(), p.name, p.role, p.stakeholderId, p.passwordHash);
  }

  async findPersonByEmail(email: string): Promise<PersonWithCredentials | null> {
    const row = this.prepare('SELECT * FROM people WHERE email = ?').get(email.toLowerCase()) as Row | undefined;
    return row ? { ...toPerson(row), passwordHash: String(row.password_hash) } : null;
  }

  async getPerson(id: string): Promise<Person | null> {
    const row = this.prepare('SELECT * FROM people WHERE id = ?').get(id) as Row | undefined;
    return row ? toPerson(row) : null;
  }

  async createConsultation({ consultation, framework, documents }: NewConsultation): Promise<void> {
    this.db.transaction(() => {
      this.prepare('INSERT INTO consultations (id, title, created_at) VALUES (?, ?, ?)').run(
        consultation.id,
        JSON.stringify(consultation.title),
        Date.now(),
      );
      const section = this.prepare(
        'INSERT INTO sections (consultation_id, id, parent_id, position, title) VALUES (?, ?, ?, ?, ?)',
      );
      for (const s of framework.sections) {
        section.run(consultation.id, s.id, s.parentId, s.position, JSON.stringify(s.title));
      }
      const clause = this.prepare(
        'INSERT INTO clauses (consultation_id, id, section_id, position) VALUES (?, ?, ?, ?)',
      );
      for (const c of framework.clauses) clause.run(consultation.id, c.id, c.sectionId, c.position);
      const doc = this.prepare('INSERT INTO document_updates (document_name, data) VALUES (?, ?)');
      const text = this.prepare('INSERT INTO document_texts (document_name, text) VALUES (?, ?)');
      for (const [name, initial] of documents) {
        doc.run(name, Buffer.from(initial.update));
        text.run(name, initial.text);
      }
    })();
  }

  async listConsultations(): Promise<ConsultationSummary[]> {
    const rows = this.prepare(
      `SELECT c.id, c.title, (SELECT COUNT(*) FROM clauses k WHERE k.consultation_id = c.id) AS clause_count
         FROM consultations c ORDER BY c.created_at`,
    ).all() as Row[];
    return rows.map(toConsultationSummary);
  }

  async getConsultation(id: string): Promise<Consultation | null> {
    const row = this.prepare('SELECT id, title FROM consultations WHERE id = ?').get(id) as Row | undefined;
    return row ? toConsultation(row) : null;
  }

  async getFramework(consultationId: string): Promise<Framework | null> {
    if (!(await this.getConsultation(consultationId))) return null;
    const sections = (
      this.prepare('SELECT * FROM sections WHERE consultation_id = ? ORDER BY position').all(consultationId) as Row[]
    ).map(toSection);
    const clauses = (
      this.prepare('SELECT * FROM clauses WHERE consultation_id = ? ORDER BY position').all(consultationId) as Row[]
    ).map(toClause);
    return { consultationId, sections, clauses };
  }

  async clauseExists(consultationId: string, clauseId: string): Promise<boolean> {
    return !!this.prepare('SELECT 1 FROM clauses WHERE consultation_id = ? AND id = ?').get(consultationId, clauseId);
  }

  async appendDocumentUpdate(documentName: string, update: Uint8Array): Promise<void> {
    this.prepare('INSERT INTO document_updates (document_name, data) VALUES (?, ?)').run(
      documentName,
      Buffer.from(update),
    );
  }

  async loadDocumentUpdates(documentName: string): Promise<Uint8Array[]> {
    return this.readUpdates(documentName).map((r) => r.data);
  }

  private readUpdates(documentName: string): { seq: number; data: Uint8Array }[] {
    return (
      this.prepare('SELECT seq, data FROM document_updates WHERE document_name = ? ORDER BY seq').all(documentName) as {
        seq: number;
        data: Buffer;
      }[]
    ).map((r) => ({ seq: r.seq, data: new Uint8Array(r.data) }));
  }

  async compactDocument(documentName: string, merge: (entries: Uint8Array[]) => Uint8Array): Promise<void> {
    // Synchronous transaction: no append can interleave between the read and the delete.
    this.db.transaction(() => {
      const entries = this.readUpdates(documentName);
      const last = entries.at(-1);
      if (!last || entries.length < 2) return;
      const merged = merge(entries.map((e) => e.data));
      this.prepare('DELETE FROM document_updates WHERE document_name = ? AND seq <= ?').run(documentName, last.seq);
      // Keeps the merged state first in seq order: reuse the first entry's seq.
      this.prepare('INSERT INTO document_updates (seq, document_name, data) VALUES (?, ?, ?)').run(
        entries[0]?.seq,
        documentName,
        Buffer.from(merged),
      );
    })();
  }

  async countDocumentUpdates(documentName: string): Promise<number> {
    const row = this.prepare('SELECT COUNT(*) AS n FROM document_updates WHERE document_name = ?').get(
      documentName,
    ) as {
      n: number;
    };
    return row.n;
  }

  async setDocumentText(documentName: string, text: string): Promise<void> {
    this.prepare(
      `INSERT INTO document_texts (document_name, text) VALUES (?, ?)
         ON CONFLICT (document_name) DO UPDATE SET text = excluded.text`,
    ).run(documentName, text);
  }

  async getDocumentTexts(prefix: string): Promise<Map<string, string>> {
    // Range scan on the primary key; no LIKE, so "_" and "%" in names mean nothing special.
    const rows = this.prepare(
      'SELECT document_name, text FROM document_texts WHERE document_name >= ? AND document_name < ?',
    ).all(prefix, `${prefix}\uffff`) as { document_name: string; text: string }[];
    return new Map(rows.map((r) => [r.document_name, r.text]));
  }

  async listPeople(): Promise<Person[]> {
    return (this.prepare('SELECT * FROM people ORDER BY rowid').all() as Row[]).map(toPerson);
  }

  async createThread(thread: ThreadRecord, opening: CommentRecord): Promise<void> {
    this.db.transaction(() => {
      this.prepare(
        `INSERT INTO threads (id, consultation_id, clause_id, passage, kind, proposal, author_id, stakeholder_id,
             status, locked, duplicate_of, response, applied, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(...threadValues(thread, bindBoolean));
      this.insertComment(opening);
    })();
  }

  private insertComment(c: CommentRecord): void {
    this.prepare(
      `INSERT INTO comments (id, thread_id, author_id, stakeholder_id, body, created_at, edited_at, withdrawn_at, hidden)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(...commentValues(c));
  }

  async getThread(id: string): Promise<ThreadWithComments | null> {
    const row = this.prepare('SELECT * FROM threads WHERE id = ?').get(id) as Row | undefined;
    if (!row) return null;
    const comments = (
      this.prepare('SELECT * FROM comments WHERE thread_id = ? ORDER BY created_at, rowid').all(id) as Row[]
    ).map(toComment);
    return { thread: toThread(row), comments };
  }

  async listThreads(consultationId: string): Promise<ThreadWithComments[]> {
    const threads = (
      this.prepare('SELECT * FROM threads WHERE consultation_id = ? ORDER BY created_at, rowid').all(
        consultationId,
      ) as Row[]
    ).map(toThread);
    const comments = (
      this.prepare(
        `SELECT c.* FROM comments c JOIN threads t ON t.id = c.thread_id
           WHERE t.consultation_id = ? ORDER BY c.created_at, c.rowid`,
      ).all(consultationId) as Row[]
    ).map(toComment);
    return withComments(threads, comments);
  }

  async getComment(id: string): Promise<CommentRecord | null> {
    const row = this.prepare('SELECT * FROM comments WHERE id = ?').get(id) as Row | undefined;
    return row ? toComment(row) : null;
  }

  /** Whether the thread exists and meets the conditions; call inside a transaction. */
  private threadMeets(threadId: string, conditions: WriteConditions): boolean {
    const row = this.prepare('SELECT locked, response, applied FROM threads WHERE id = ?').get(threadId) as
      | Row
      | undefined;
    return row !== undefined && threadRowMeets(row, conditions);
  }

  private touchThread(threadId: string, at: number): void {
    this.prepare('UPDATE threads SET updated_at = MAX(updated_at, ?) WHERE id = ?').run(at, threadId);
  }

  async addComment(comment: CommentRecord, conditions: WriteConditions = {}): Promise<boolean> {
    return this.db.transaction(() => {
      if (!this.threadMeets(comment.threadId, conditions)) return false;
      this.insertComment(comment);
      this.touchThread(comment.threadId, comment.createdAt);
      return true;
    })();
  }

  async updateThread(
    id: string,
    patch: ThreadPatch,
    audit: AuditRecord | null,
    conditions: WriteConditions = {},
  ): Promise<boolean> {
    return this.db.transaction(() => {
      if (!this.threadMeets(id, conditions)) return false;
      this.writePatch('threads', id, threadPatchColumns(patch, bindBoolean), id, audit);
      return true;
    })();
  }

  async updateComment(
    id: string,
    patch: CommentPatch,
    audit: AuditRecord | null,
    conditions: WriteConditions = {},
  ): Promise<boolean> {
    return this.db.transaction(() => {
      const row = this.prepare('SELECT thread_id FROM comments WHERE id = ?').get(id) as Row | undefined;
      if (!row) return false;
      const threadId = String(row.thread_id);
      if (!this.threadMeets(threadId, conditions)) return false;
      this.writePatch('comments', id, commentPatchColumns(patch), threadId, audit);
      return true;
    })();
  }

  /**
   * The common end of updateThread and updateComment: sets the patched columns of `table`'s row
   * `id` (if any), then, with an audit entry, touches the thread and appends the entry.
   */
  private writePatch(
    table: 'threads' | 'comments',
    id: string,
    { names, values }: PatchColumns,
    threadId: string,
    audit: AuditRecord | null,
  ): void {
    if (names.length > 0) {
      const sets = names.map((name) => `${name} = ?`).join(', ');
      this.prepare(`UPDATE ${table} SET ${sets} WHERE id = ?`).run(...values, id);
    }
    if (audit) {
      this.touchThread(threadId, audit.at);
      this.insertAudit(audit);
    }
  }

  async setReviewStatus(record: ReviewStatusRecord, audit: AuditRecord): Promise<void> {
    this.db.transaction(() => {
      this.prepare(
        `INSERT INTO review_statuses (consultation_id, stakeholder_id, status, set_by, set_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (consultation_id, stakeholder_id)
           DO UPDATE SET status = excluded.status, set_by = excluded.set_by, set_at = excluded.set_at`,
      ).run(record.consultationId, record.stakeholderId, record.status, record.byId, record.at);
      this.insertAudit(audit);
    })();
  }

  async listReviewStatuses(consultationId: string): Promise<ReviewStatusRecord[]> {
    return (this.prepare('SELECT * FROM review_statuses WHERE consultation_id = ?').all(consultationId) as Row[]).map(
      toReviewStatus,
    );
  }

  async createVote(vote: VoteRecord, audit: AuditRecord): Promise<boolean> {
    return this.db.transaction(() => {
      // The conflict target is the partial unique index (one open vote per subject): only its
      // refusal turns into false; any other constraint (the id taken, a missing person) throws.
      const inserted = this.prepare(
        `INSERT INTO votes (id, consultation_id, subject, subject_key, question, rule, advisory, member_states,
             opened_by, opened_at, closes_at, closed, supersedes)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (consultation_id, subject_key) WHERE closed IS NULL DO NOTHING`,
      ).run(...voteValues(vote, bindBoolean));
      if (inserted.changes === 0) return false;
      this.insertAudit(audit);
      return true;
    })();
  }

  async getVote(id: string): Promise<VoteWithBallots | null> {
    return this.readVote(id);
  }

  /** A vote with its ballots; inside a transaction, as of it. */
  private readVote(id: string): VoteWithBallots | null {
    const row = this.prepare(`${SELECT_VOTES} WHERE v.id = ?`).get(id) as Row | undefined;
    if (!row) return null;
    return withBallots([row], this.readBallots(id))[0] ?? null;
  }

  private readBallots(voteId: string): BallotRecord[] {
    return (this.prepare('SELECT * FROM ballots WHERE vote_id = ? ORDER BY at, rowid').all(voteId) as Row[]).map(
      toBallot,
    );
  }

  async listVotes(consultationId: string): Promise<VoteWithBallots[]> {
    const votes = this.prepare(`${SELECT_VOTES} WHERE v.consultation_id = ? ORDER BY v.opened_at, v.rowid`).all(
      consultationId,
    ) as Row[];
    const ballots = (
      this.prepare(
        `SELECT b.* FROM ballots b JOIN votes v ON v.id = b.vote_id
           WHERE v.consultation_id = ? ORDER BY b.at, b.rowid`,
      ).all(consultationId) as Row[]
    ).map(toBallot);
    return withBallots(votes, ballots);
  }

  async castBallot(
    ballot: BallotRecord,
    audit: (previous: VoteChoice | null) => AuditRecord,
  ): Promise<CastBallotOutcome> {
    // Synchronous transaction: no close and no other ballot can run between the checks, the read
    // of the standing choice and the write.
    return this.db.transaction((): CastBallotOutcome => {
      const vote = this.prepare('SELECT closed, closes_at FROM votes WHERE id = ?').get(ballot.voteId) as
        | Row
        | undefined;
      if (!vote) return { status: 'not_found' };
      if (!voteRowOpenAt(vote, ballot.at)) return { status: 'closed' };
      const standing = this.prepare('SELECT choice FROM ballots WHERE vote_id = ? AND stakeholder_id = ?').get(
        ballot.voteId,
        ballot.stakeholderId,
      ) as { choice: VoteChoice } | undefined;
      const previous = standing?.choice ?? null;
      if (previous === ballot.choice) return { status: 'unchanged' };
      this.prepare(
        `INSERT INTO ballots (vote_id, stakeholder_id, choice, person_id, at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (vote_id, stakeholder_id)
           DO UPDATE SET choice = excluded.choice, person_id = excluded.person_id, at = excluded.at`,
      ).run(...ballotValues(ballot));
      this.insertAudit(audit(previous));
      return { status: 'cast', previous };
    })();
  }

  async closeVote(
    id: string,
    close: { at: number; byId: string | null },
    result: (ballots: BallotRecord[]) => VoteResult,
    audit: (result: VoteResult) => AuditRecord,
  ): Promise<VoteWithBallots | null> {
    // Synchronous transaction: no ballot can land between reading the ballots and the freeze.
    return this.db.transaction(() => {
      const vote = this.prepare('SELECT closed FROM votes WHERE id = ?').get(id) as Row | undefined;
      if (!vote || vote.closed !== null) return null;
      const frozen = result(this.readBallots(id));
      this.prepare('UPDATE votes SET closed = ? WHERE id = ?').run(
        closedValue({ at: close.at, byId: close.byId, result: frozen }),
        id,
      );
      this.insertAudit(audit(frozen));
      return this.readVote(id);
    })();
  }

  async listTimedOpenVotes(): Promise<{ id: string; consultationId: string; closesAt: number }[]> {
    return (
      this.prepare(
        'SELECT id, consultation_id, closes_at FROM votes WHERE closed IS NULL AND closes_at IS NOT NULL ORDER BY closes_at',
      ).all() as Row[]
    ).map(toTimedOpenVote);
  }

  async createRound(round: Round, audit: AuditRecord): Promise<void> {
    this.db.transaction(() => {
      this.prepare(`INSERT INTO rounds (${ROUND_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        ...roundValues(round),
      );
      this.insertAudit(audit);
    })();
  }

  async getRound(id: string): Promise<Round | null> {
    const row = this.prepare('SELECT * FROM rounds WHERE id = ?').get(id) as Row | undefined;
    return row ? toRound(row) : null;
  }

  async listRounds(consultationId: string): Promise<Round[]> {
    return (
      this.prepare('SELECT * FROM rounds WHERE consultation_id = ? ORDER BY opens_at, created_at, rowid').all(
        consultationId,
      ) as Row[]
    ).map(toRound);
  }

  async updateRound(
    id: string,
    patch: RoundPatch,
    audit: AuditRecord,
    expectedState?: RoundState,
  ): Promise<Round | null> {
    const { names, values } = roundPatchColumns(patch);
    return this.db.transaction(() => {
      const sets = names.map((name) => `${name} = ?`).join(', ');
      const changed =
        expectedState === undefined
          ? this.prepare(`UPDATE rounds SET ${sets} WHERE id = ?`).run(...values, id)
          : this.prepare(`UPDATE rounds SET ${sets} WHERE id = ? AND state = ?`).run(...values, id, expectedState);
      if (changed.changes === 0) return null;
      this.insertAudit(audit);
      return toRound(this.prepare('SELECT * FROM rounds WHERE id = ?').get(id) as Row);
    })();
  }

  async listMovingRounds(): Promise<Round[]> {
    return (
      this.prepare("SELECT * FROM rounds WHERE state IN ('drafting', 'open') ORDER BY opens_at").all() as Row[]
    ).map(toRound);
  }

  async createVersion(version: StoredVersion, audit: AuditRecord): Promise<void> {
    this.db.transaction(() => {
      this.prepare(
        `INSERT INTO versions (id, consultation_id, title, note, published_by, published_at, restored_from,
             clause_count, thread_count, snapshot, snapshot_bytes)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(...versionValues(version));
      this.insertAudit(audit);
    })();
  }

  async listVersions(consultationId: string): Promise<VersionRecord[]> {
    return (
      this.prepare(
        `SELECT ${VERSION_SUMMARY_COLUMNS} FROM versions WHERE consultation_id = ?
           ORDER BY published_at DESC, rowid DESC`,
      ).all(consultationId) as Row[]
    ).map(toVersion);
  }

  async getVersion(id: string): Promise<StoredVersion | null> {
    const row = this.prepare('SELECT * FROM versions WHERE id = ?').get(id) as Row | undefined;
    return row ? toStoredVersion(row) : null;
  }

  async getVisit(consultationId: string, personId: string): Promise<VisitRecord | null> {
    const row = this.prepare('SELECT * FROM visits WHERE consultation_id = ? AND person_id = ?').get(
      consultationId,
      personId,
    ) as Row | undefined;
    return row ? toVisit(row) : null;
  }

  async setVisit(record: VisitRecord): Promise<void> {
    this.prepare(
      `INSERT INTO visits (consultation_id, person_id, seen_at, snapshot) VALUES (?, ?, ?, ?)
         ON CONFLICT (consultation_id, person_id)
         DO UPDATE SET seen_at = excluded.seen_at, snapshot = excluded.snapshot`,
    ).run(...visitValues(record));
  }

  async confirmTranslation(record: TranslationConfirmationRecord, audit: AuditRecord): Promise<void> {
    this.db.transaction(() => {
      this.prepare(
        `INSERT INTO translation_confirmations (consultation_id, clause_id, en, zh, confirmed_by, confirmed_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (consultation_id, clause_id) DO UPDATE SET en = excluded.en, zh = excluded.zh,
             confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at`,
      ).run(...translationConfirmationValues(record));
      this.insertAudit(audit);
    })();
  }

  async listTranslationConfirmations(consultationId: string): Promise<TranslationConfirmationRecord[]> {
    return (
      this.prepare('SELECT * FROM translation_confirmations WHERE consultation_id = ?').all(consultationId) as Row[]
    ).map(toTranslationConfirmation);
  }

  private insertAudit(entry: AuditRecord): void {
    this.prepare(
      'INSERT INTO audit_log (consultation_id, actor_id, action, target, reason, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(...auditValues(entry));
  }

  async appendAudit(entry: AuditRecord): Promise<void> {
    this.insertAudit(entry);
  }

  async listAudit(consultationId: string, limit: number): Promise<(AuditRecord & { id: number })[]> {
    return (
      this.prepare('SELECT * FROM audit_log WHERE consultation_id = ? ORDER BY id DESC LIMIT ?').all(
        consultationId,
        limit,
      ) as Row[]
    ).map(toAudit);
  }

  async getSession(id: string): Promise<StoredSession | null> {
    const row = this.prepare('SELECT data, expires_at FROM sessions WHERE id = ?').get(id) as Row | undefined;
    if (!row || Number(row.expires_at) < Date.now()) return null;
    return { data: String(row.data), expiresAt: Number(row.expires_at) };
  }

  async setSession(id: string, session: StoredSession): Promise<void> {
    this.prepare(
      `INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
    ).run(id, session.data, session.expiresAt);
  }

  async destroySession(id: string): Promise<void> {
    this.prepare('DELETE FROM sessions WHERE id = ?').run(id);
  }

  async pruneSessions(now: number): Promise<void> {
    this.prepare('DELETE FROM sessions WHERE expires_at < ?').run(now);
  }

  // — notifications —

  async addNotifications(
    items: { notification: NotificationRecord; mail: MailRecord | null }[],
  ): Promise<NotificationRecord[]> {
    return this.db.transaction(() => {
      const written: NotificationRecord[] = [];
      for (const { notification, mail } of items) {
        const result = this.prepare(
          `INSERT INTO notifications (${NOTIFICATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (person_id, dedupe_key) DO NOTHING`,
        ).run(...notificationValues(notification));
        if (result.changes === 0) continue;
        written.push(notification);
        if (mail) this.insertMail(mail);
      }
      return written;
    })();
  }

  private insertMail(mail: MailRecord): void {
    this.prepare(`INSERT INTO mail_outbox (${MAIL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      ...mailValues(mail),
    );
  }

  async listNotifications(
    personId: string,
    opts: { limit: number; before?: number; beforeId?: string },
  ): Promise<NotificationRecord[]> {
    const before = opts.before ?? Number.MAX_SAFE_INTEGER;
    return (
      this.prepare(
        `SELECT * FROM notifications WHERE person_id = ? AND (created_at < ? OR (created_at = ? AND id < ?))
           ORDER BY created_at DESC, id DESC LIMIT ?`,
      ).all(personId, before, before, opts.beforeId ?? '', opts.limit) as Row[]
    ).map(toNotification);
  }

  async listNotificationsBetween(personId: string, after: number, upTo: number): Promise<NotificationRecord[]> {
    return (
      this.prepare(
        `SELECT * FROM notifications WHERE person_id = ? AND created_at > ? AND created_at <= ?
           ORDER BY created_at, id`,
      ).all(personId, after, upTo) as Row[]
    ).map(toNotification);
  }

  async countUnreadNotifications(personId: string): Promise<number> {
    const row = this.prepare('SELECT COUNT(*) AS n FROM notifications WHERE person_id = ? AND read_at IS NULL').get(
      personId,
    ) as Row;
    return Number(row.n);
  }

  async markNotificationsRead(
    personId: string,
    which: { ids: string[] } | { upTo: number; upToId?: string },
    at: number,
  ): Promise<number> {
    if ('upTo' in which) {
      // Without an id: the whole millisecond (every id is below U+FFFF).
      const upToId = which.upToId ?? '\uffff';
      return this.prepare(
        `UPDATE notifications SET read_at = ? WHERE person_id = ? AND read_at IS NULL
           AND (created_at < ? OR (created_at = ? AND id <= ?))`,
      ).run(at, personId, which.upTo, which.upTo, upToId).changes;
    }
    const ids = [...new Set(which.ids)];
    if (ids.length === 0) return 0;
    return this.prepare(
      `UPDATE notifications SET read_at = ? WHERE person_id = ? AND read_at IS NULL
         AND id IN (SELECT value FROM json_each(?))`,
    ).run(at, personId, JSON.stringify(ids)).changes;
  }

  async listNotificationPreferences(): Promise<NotificationPreferenceRecord[]> {
    return (this.prepare('SELECT * FROM notification_preferences').all() as Row[]).map(toNotificationPreference);
  }

  async getNotificationPreference(personId: string): Promise<NotificationPreferenceRecord | null> {
    const row = this.prepare('SELECT * FROM notification_preferences WHERE person_id = ?').get(personId) as
      | Row
      | undefined;
    return row ? toNotificationPreference(row) : null;
  }

  async setNotificationPreference(personId: string, email: EmailMode, digestSentUpTo?: number): Promise<void> {
    this.prepare(
      `INSERT INTO notification_preferences (person_id, email_mode, digest_sent_up_to) VALUES (?, ?, ?)
         ON CONFLICT (person_id) DO UPDATE SET email_mode = excluded.email_mode,
           digest_sent_up_to = COALESCE(?, notification_preferences.digest_sent_up_to)`,
    ).run(personId, email, digestSentUpTo ?? null, digestSentUpTo ?? null);
  }

  async queueDigest(
    personId: string,
    expected: number | null,
    upTo: number,
    mail: MailRecord | null,
  ): Promise<boolean> {
    return this.db.transaction(() => {
      const result = this.prepare(
        `INSERT INTO notification_preferences (person_id, email_mode, digest_sent_up_to) VALUES (?, 'daily', ?)
           ON CONFLICT (person_id) DO UPDATE SET digest_sent_up_to = excluded.digest_sent_up_to
           WHERE notification_preferences.digest_sent_up_to IS ?`,
      ).run(personId, upTo, expected);
      if (result.changes === 0) return false;
      if (mail) this.insertMail(mail);
      return true;
    })();
  }

  async claimDueMail(now: number, leaseUntil: number, limit: number): Promise<MailRecord[]> {
    // One process holds the SQLite file: the transaction is the whole claim.
    return this.db.transaction(() =>
      (
        this.prepare(
          `UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ?
             WHERE id IN (SELECT id FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= ?
                          ORDER BY next_attempt_at, created_at LIMIT ?)
             RETURNING *`,
        ).all(leaseUntil, now, limit) as Row[]
      )
        .map(toMail)
        .sort(byCreation),
    )();
  }

  async settleMail(
    id: string,
    outcome:
      | { status: 'sent'; at: number }
      | { status: 'pending'; nextAttemptAt: number; error: string }
      | { status: 'dead'; error: string },
  ): Promise<void> {
    if (outcome.status === 'sent')
      this.prepare("UPDATE mail_outbox SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ?").run(
        outcome.at,
        id,
      );
    else if (outcome.status === 'pending')
      this.prepare('UPDATE mail_outbox SET next_attempt_at = ?, last_error = ? WHERE id = ?').run(
        outcome.nextAttemptAt,
        outcome.error,
        id,
      );
    else this.prepare("UPDATE mail_outbox SET status = 'dead', last_error = ? WHERE id = ?").run(outcome.error, id);
  }

  async nextMailDueAt(): Promise<number | null> {
    const row = this.prepare(
      "SELECT MIN(next_attempt_at) AS at FROM mail_outbox WHERE status = 'pending'",
    ).get() as Row;
    return row.at === null ? null : Number(row.at);
  }

  async listMail(personId?: string): Promise<MailRecord[]> {
    const rows = personId
      ? this.prepare('SELECT * FROM mail_outbox WHERE person_id = ? ORDER BY created_at, id').all(personId)
      : this.prepare('SELECT * FROM mail_outbox ORDER BY created_at, id').all();
    return (rows as Row[]).map(toMail);
  }
}

/** better-sqlite3 binds no booleans: they are INTEGER 0 or 1. */
const bindBoolean = (value: boolean): number => (value ? 1 : 0);

/** Votes' columns and the id of the (first) vote superseding each, for WHERE and ORDER BY to follow. */
const SELECT_VOTES = `SELECT v.*,
    (SELECT s.id FROM votes s WHERE s.supersedes = v.id ORDER BY s.opened_at, s.rowid LIMIT 1) AS superseded_by
  FROM votes v`;
