import fs from 'node:fs';
import path from 'node:path';
import type { Consultation, ConsultationSummary, Framework, Person, Stakeholder } from '@accord/shared';
import Database from 'better-sqlite3';
import type { NewConsultation, PersonWithCredentials, Storage, StoredSession } from '../Storage.ts';
import { SQLITE_MIGRATIONS } from './migrations.ts';

type Row = Record<string, unknown>;

const json = <T>(value: unknown): T => JSON.parse(String(value)) as T;

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
      (this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
    );
    for (const migration of SQLITE_MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        this.db
          .prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)')
          .run(migration.version, Date.now());
      })();
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }

  async upsertStakeholder(s: Stakeholder): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO stakeholders (id, kind, name) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name`,
      )
      .run(s.id, s.kind, JSON.stringify(s.name));
  }

  async listStakeholders(): Promise<Stakeholder[]> {
    return (this.db.prepare('SELECT * FROM stakeholders ORDER BY rowid').all() as Row[]).map(toStakeholder);
  }

  async getStakeholder(id: string): Promise<Stakeholder | null> {
    const row = this.db.prepare('SELECT * FROM stakeholders WHERE id = ?').get(id) as Row | undefined;
    return row ? toStakeholder(row) : null;
  }

  async createPerson(p: PersonWithCredentials): Promise<void> {
    this.db
      .prepare('INSERT INTO people (id, email, name, role, stakeholder_id, password_hash) VALUES (?, ?, ?, ?, ?, ?)')
      .run(p.id, p.email.toLowerCase(), p.name, p.role, p.stakeholderId, p.passwordHash);
  }

  async findPersonByEmail(email: string): Promise<PersonWithCredentials | null> {
    const row = this.db.prepare('SELECT * FROM people WHERE email = ?').get(email.toLowerCase()) as Row | undefined;
    return row ? { ...toPerson(row), passwordHash: String(row.password_hash) } : null;
  }

  async getPerson(id: string): Promise<Person | null> {
    const row = this.db.prepare('SELECT * FROM people WHERE id = ?').get(id) as Row | undefined;
    return row ? toPerson(row) : null;
  }

  async createConsultation({ consultation, framework, documents }: NewConsultation): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO consultations (id, title, created_at) VALUES (?, ?, ?)')
        .run(consultation.id, JSON.stringify(consultation.title), Date.now());
      const section = this.db.prepare(
        'INSERT INTO sections (consultation_id, id, parent_id, position, title) VALUES (?, ?, ?, ?, ?)',
      );
      for (const s of framework.sections) {
        section.run(consultation.id, s.id, s.parentId, s.position, JSON.stringify(s.title));
      }
      const clause = this.db.prepare(
        'INSERT INTO clauses (consultation_id, id, section_id, position) VALUES (?, ?, ?, ?)',
      );
      for (const c of framework.clauses) clause.run(consultation.id, c.id, c.sectionId, c.position);
      const doc = this.db.prepare('INSERT INTO document_updates (document_name, data) VALUES (?, ?)');
      const text = this.db.prepare('INSERT INTO document_texts (document_name, text) VALUES (?, ?)');
      for (const [name, initial] of documents) {
        doc.run(name, Buffer.from(initial.update));
        text.run(name, initial.text);
      }
    })();
  }

  async listConsultations(): Promise<ConsultationSummary[]> {
    const rows = this.db
      .prepare(
        `SELECT c.id, c.title, (SELECT COUNT(*) FROM clauses k WHERE k.consultation_id = c.id) AS clause_count
         FROM consultations c ORDER BY c.created_at`,
      )
      .all() as Row[];
    return rows.map((r) => ({ id: String(r.id), title: json(r.title), clauseCount: Number(r.clause_count) }));
  }

  async getConsultation(id: string): Promise<Consultation | null> {
    const row = this.db.prepare('SELECT id, title FROM consultations WHERE id = ?').get(id) as Row | undefined;
    return row ? { id: String(row.id), title: json(row.title) } : null;
  }

  async getFramework(consultationId: string): Promise<Framework | null> {
    if (!(await this.getConsultation(consultationId))) return null;
    const sections = (
      this.db.prepare('SELECT * FROM sections WHERE consultation_id = ? ORDER BY position').all(consultationId) as Row[]
    ).map((r) => ({
      id: String(r.id),
      parentId: r.parent_id === null ? null : String(r.parent_id),
      position: Number(r.position),
      title: json<{ en: string; zh: string }>(r.title),
    }));
    const clauses = (
      this.db.prepare('SELECT * FROM clauses WHERE consultation_id = ? ORDER BY position').all(consultationId) as Row[]
    ).map((r) => ({ id: String(r.id), sectionId: String(r.section_id), position: Number(r.position) }));
    return { consultationId, sections, clauses };
  }

  async clauseExists(consultationId: string, clauseId: string): Promise<boolean> {
    return !!this.db
      .prepare('SELECT 1 FROM clauses WHERE consultation_id = ? AND id = ?')
      .get(consultationId, clauseId);
  }

  async appendDocumentUpdate(documentName: string, update: Uint8Array): Promise<void> {
    this.db
      .prepare('INSERT INTO document_updates (document_name, data) VALUES (?, ?)')
      .run(documentName, Buffer.from(update));
  }

  async loadDocumentUpdates(documentName: string): Promise<Uint8Array[]> {
    return this.readUpdates(documentName).map((r) => r.data);
  }

  private readUpdates(documentName: string): { seq: number; data: Uint8Array }[] {
    return (
      this.db
        .prepare('SELECT seq, data FROM document_updates WHERE document_name = ? ORDER BY seq')
        .all(documentName) as { seq: number; data: Buffer }[]
    ).map((r) => ({ seq: r.seq, data: new Uint8Array(r.data) }));
  }

  async compactDocument(documentName: string, merge: (entries: Uint8Array[]) => Uint8Array): Promise<void> {
    // Synchronous transaction: no append can interleave between the read and the delete.
    this.db.transaction(() => {
      const entries = this.readUpdates(documentName);
      const last = entries.at(-1);
      if (!last || entries.length < 2) return;
      const merged = merge(entries.map((e) => e.data));
      this.db.prepare('DELETE FROM document_updates WHERE document_name = ? AND seq <= ?').run(documentName, last.seq);
      // Keeps the merged state first in seq order: reuse the first entry's seq.
      this.db
        .prepare('INSERT INTO document_updates (seq, document_name, data) VALUES (?, ?, ?)')
        .run(entries[0]?.seq, documentName, Buffer.from(merged));
    })();
  }

  async countDocumentUpdates(documentName: string): Promise<number> {
    const row = this.db
      .prepare('SELECT COUNT(*) AS n FROM document_updates WHERE document_name = ?')
      .get(documentName) as {
      n: number;
    };
    return row.n;
  }

  async setDocumentText(documentName: string, text: string): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO document_texts (document_name, text) VALUES (?, ?)
         ON CONFLICT (document_name) DO UPDATE SET text = excluded.text`,
      )
      .run(documentName, text);
  }

  async getDocumentTexts(prefix: string): Promise<Map<string, string>> {
    // Range scan on the primary key; no LIKE, so "_" and "%" in names mean nothing special.
    const rows = this.db
      .prepare('SELECT document_name, text FROM document_texts WHERE document_name >= ? AND document_name < ?')
      .all(prefix, `${prefix}\uffff`) as { document_name: string; text: string }[];
    return new Map(rows.map((r) => [r.document_name, r.text]));
  }

  async getSession(id: string): Promise<StoredSession | null> {
    const row = this.db.prepare('SELECT data, expires_at FROM sessions WHERE id = ?').get(id) as Row | undefined;
    if (!row || Number(row.expires_at) < Date.now()) return null;
    return { data: String(row.data), expiresAt: Number(row.expires_at) };
  }

  async setSession(id: string, session: StoredSession): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
      )
      .run(id, session.data, session.expiresAt);
  }

  async destroySession(id: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
  }

  async pruneSessions(now: number): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(now);
  }
}

function toStakeholder(row: Row): Stakeholder {
  return { id: String(row.id), kind: row.kind as Stakeholder['kind'], name: json(row.name) };
}

function toPerson(row: Row): Person {
  return {
    id: String(row.id),
    email: String(row.email),
    name: String(row.name),
    role: row.role as Person['role'],
    stakeholderId: row.stakeholder_id === null ? null : String(row.stakeholder_id),
  };
}
