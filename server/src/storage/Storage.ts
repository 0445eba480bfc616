import type { Consultation, ConsultationSummary, Framework, Person, Stakeholder } from '@accord/shared';

export interface PersonWithCredentials extends Person {
  passwordHash: string;
}

export interface NewConsultation {
  consultation: Consultation;
  framework: Framework;
  /** Initial Yjs state and its plain text per document name, written as each document's first entry. */
  documents: Map<string, { update: Uint8Array; text: string }>;
}

export interface StoredSession {
  data: string;
  expiresAt: number;
}

/**
 * Everything the server keeps. One interface, implemented by SQLite (embedded default) and,
 * later, PostgreSQL; the contract tests in test/ run against each.
 *
 * Documents are stored as an append-only log of Yjs updates per document name. An update is
 * appended *before* Hocuspocus applies and acknowledges it, so nothing acknowledged is lost;
 * `compactDocument` later folds the log into one entry.
 */
export interface Storage {
  close(): Promise<void>;

  upsertStakeholder(stakeholder: Stakeholder): Promise<void>;
  listStakeholders(): Promise<Stakeholder[]>;
  getStakeholder(id: string): Promise<Stakeholder | null>;

  createPerson(person: PersonWithCredentials): Promise<void>;
  findPersonByEmail(email: string): Promise<PersonWithCredentials | null>;
  getPerson(id: string): Promise<Person | null>;

  /** Creates a consultation with its framework and initial documents, atomically. */
  createConsultation(input: NewConsultation): Promise<void>;
  listConsultations(): Promise<ConsultationSummary[]>;
  getConsultation(id: string): Promise<Consultation | null>;
  getFramework(consultationId: string): Promise<Framework | null>;
  clauseExists(consultationId: string, clauseId: string): Promise<boolean>;

  /** Durably appends one update to a document's log. Resolves once it is on disk. */
  appendDocumentUpdate(documentName: string, update: Uint8Array): Promise<void>;
  /** All entries of a document's log, oldest first (the first is usually a compacted state). */
  loadDocumentUpdates(documentName: string): Promise<Uint8Array[]>;
  /**
   * Replaces the log entries it reads by `merge(entries)`, atomically, so an append that races
   * with compaction is either merged or kept: never lost.
   */
  compactDocument(documentName: string, merge: (entries: Uint8Array[]) => Uint8Array): Promise<void>;
  countDocumentUpdates(documentName: string): Promise<number>;
  /** Plain text of a document as of its last save: what pages show before its editor syncs. */
  setDocumentText(documentName: string, text: string): Promise<void>;
  /** Plain texts of every document whose name starts with `prefix`, by document name. */
  getDocumentTexts(prefix: string): Promise<Map<string, string>>;

  getSession(id: string): Promise<StoredSession | null>;
  setSession(id: string, session: StoredSession): Promise<void>;
  destroySession(id: string): Promise<void>;
  pruneSessions(now: number): Promise<void>;
}
