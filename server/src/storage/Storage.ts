import type {
  AuditAction,
  Consultation,
  ConsultationSummary,
  EmailMode,
  Framework,
  Language,
  LocalizedText,
  NotificationKind,
  Person,
  Proposal,
  ResponseStatus,
  ReviewStatus,
  Round,
  RoundState,
  Stakeholder,
  ThreadKind,
  ThreadStatus,
  VoteChoice,
  VoteResult,
  VoteRule,
  VoteSubject,
} from '@accord/shared';

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

/** A thread's passage as stored: the quote as first seen, and Yjs relative positions (base64). */
export interface StoredPassage {
  language: Language;
  quote: string;
  start: string;
  end: string;
}

export interface ThreadRecord {
  id: string;
  consultationId: string;
  clauseId: string;
  passage: StoredPassage | null;
  kind: ThreadKind;
  proposal: Proposal | null;
  authorId: string;
  stakeholderId: string | null;
  status: ThreadStatus;
  locked: boolean;
  duplicateOf: string | null;
  response: { status: ResponseStatus; explanation: LocalizedText; byId: string; at: number } | null;
  applied: { byId: string; at: number } | null;
  createdAt: number;
  updatedAt: number;
}

export interface CommentRecord {
  id: string;
  threadId: string;
  authorId: string;
  stakeholderId: string | null;
  body: string;
  createdAt: number;
  editedAt: number | null;
  withdrawnAt: number | null;
  hidden: { byId: string; at: number; reason: string } | null;
}

export interface ThreadWithComments {
  thread: ThreadRecord;
  /** Oldest first: the opening comment, then replies. */
  comments: CommentRecord[];
}

export interface AuditRecord {
  consultationId: string;
  actorId: string;
  action: AuditAction;
  target: string;
  reason: string | null;
  detail: Record<string, unknown>;
  at: number;
}

export interface ReviewStatusRecord {
  consultationId: string;
  stakeholderId: string;
  status: ReviewStatus;
  byId: string;
  at: number;
}

export type ThreadPatch = Partial<
  Pick<ThreadRecord, 'status' | 'locked' | 'duplicateOf' | 'response' | 'applied' | 'passage' | 'updatedAt'>
>;
export type CommentPatch = Partial<Pick<CommentRecord, 'body' | 'editedAt' | 'withdrawnAt' | 'hidden'>>;

/** A vote as stored. Its member states are fixed when it opens, so the tally's base never moves. */
export interface VoteRecord {
  id: string;
  consultationId: string;
  subject: VoteSubject;
  /** The thread, clause or consultation id the subject points at (`voteSubjectKey`). */
  subjectKey: string;
  question: LocalizedText;
  rule: VoteRule;
  advisory: boolean;
  memberStates: string[];
  openedById: string;
  openedAt: number;
  closesAt: number | null;
  /** Set once, when it closes: the result is frozen then. `byId` null: closed at its closing time. */
  closed: { at: number; byId: string | null; result: VoteResult } | null;
  /** The earlier vote on the same subject this one replaces. */
  supersedes: string | null;
}

/** The standing ballot of one stakeholder in one vote (a member state's, or a partner's advisory one). */
export interface BallotRecord {
  voteId: string;
  stakeholderId: string;
  choice: VoteChoice;
  personId: string;
  at: number;
}

export interface VoteWithBallots {
  vote: VoteRecord;
  /** Oldest first. */
  ballots: BallotRecord[];
  /** The later vote that supersedes this one, if any. */
  supersededBy: string | null;
}

/**
 * A published version of the framework, without its snapshot: what lists show. Never changes
 * once written.
 */
export interface VersionRecord {
  id: string;
  consultationId: string;
  title: LocalizedText;
  note: string;
  publishedById: string;
  publishedAt: number;
  /** The version the draft was restored from, when this version records a restore. */
  restoredFrom: string | null;
  clauseCount: number;
  threadCount: number;
  /** UTF-8 bytes of `snapshot`. */
  snapshotBytes: number;
}

/**
 * A version with its snapshot: the JSON text of `{ framework: FrameworkSnapshot, threads:
 * ThreadView[] }`, stored exactly as given and returned exactly as stored.
 */
export interface StoredVersion extends VersionRecord {
  snapshot: string;
}

/**
 * What one person has seen of a consultation ("since your last visit"): when they last marked
 * the changes seen, and each clause's text in both languages as they saw it then (by clause id;
 * a clause missing from it is one they never saw). One per person and consultation.
 */
export interface VisitRecord {
  consultationId: string;
  personId: string;
  seenAt: number;
  /** Stored as JSON text (the `snapshot` column). */
  clauses: Record<string, LocalizedText>;
}

/**
 * A clause's translation confirmed in line: the texts of both languages at that moment, who,
 * when. One per clause, replaced by the next confirmation.
 */
export interface TranslationConfirmationRecord {
  consultationId: string;
  clauseId: string;
  en: string;
  zh: string;
  confirmedById: string;
  confirmedAt: number;
}

/** What the secretariat (or the clock, `state` only) changes in a round. */
export type RoundPatch = Partial<Pick<Round, 'title' | 'opensAt' | 'closesAt' | 'state'>> & { updatedAt: number };

export type CastBallotOutcome =
  /** Written, with its audit entry; `previous` is the stakeholder's choice before (null: first ballot). */
  | { status: 'cast'; previous: VoteChoice | null }
  /** The same choice was already standing: nothing written. */
  | { status: 'unchanged' }
  /** The vote is closed or past its closing time (as of the ballot's `at`): nothing written. */
  | { status: 'closed' }
  | { status: 'not_found' };

/**
 * Conditions checked in the same statement as a write, so a concurrent change cannot slip
 * between the check and the write (e.g. an edit racing the secretariat's response).
 */
export interface WriteConditions {
  /** The comment's thread has no response yet. */
  threadHasNoResponse?: boolean;
  /** The thread is not locked. */
  threadUnlocked?: boolean;
  /** The thread's proposal has not been applied. */
  notApplied?: boolean;
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

  listPeople(): Promise<Person[]>;

  /** Creates a thread with its opening comment, atomically. */
  createThread(thread: ThreadRecord, opening: CommentRecord): Promise<void>;
  getThread(id: string): Promise<ThreadWithComments | null>;
  listThreads(consultationId: string): Promise<ThreadWithComments[]>;
  getComment(id: string): Promise<CommentRecord | null>;
  /** Adds a reply and touches the thread; false (nothing written) if a condition failed. */
  addComment(comment: CommentRecord, conditions?: WriteConditions): Promise<boolean>;
  /**
   * Changes a thread (and touches it) and appends the audit entry, atomically; false (nothing
   * written) if the thread is gone or a condition failed.
   */
  updateThread(
    id: string,
    patch: ThreadPatch,
    audit: AuditRecord | null,
    conditions?: WriteConditions,
  ): Promise<boolean>;
  /** Changes a comment, touches its thread and appends the audit entry, atomically; false as above. */
  updateComment(
    id: string,
    patch: CommentPatch,
    audit: AuditRecord | null,
    conditions?: WriteConditions,
  ): Promise<boolean>;

  setReviewStatus(record: ReviewStatusRecord, audit: AuditRecord): Promise<void>;
  listReviewStatuses(consultationId: string): Promise<ReviewStatusRecord[]>;

  /**
   * Creates a vote with its audit entry, atomically; false (nothing written) if another vote on
   * the same subject is open (one open vote per subject key, enforced by the database).
   */
  createVote(vote: VoteRecord, audit: AuditRecord): Promise<boolean>;
  getVote(id: string): Promise<VoteWithBallots | null>;
  /** Oldest first. */
  listVotes(consultationId: string): Promise<VoteWithBallots[]>;
  /**
   * Sets a stakeholder's standing ballot and appends `audit(previous)`, atomically, if the vote
   * is open and `ballot.at` is before its closing time. Many ballots at once must each count
   * exactly once, and a ballot racing the close is either in the frozen result or refused.
   */
  castBallot(ballot: BallotRecord, audit: (previous: VoteChoice | null) => AuditRecord): Promise<CastBallotOutcome>;
  /**
   * Closes an open vote: reads its ballots, freezes `result(ballots)`, appends `audit(result)`,
   * atomically (no ballot can land between the read and the freeze). Null if it is not open.
   */
  closeVote(
    id: string,
    close: { at: number; byId: string | null },
    result: (ballots: BallotRecord[]) => VoteResult,
    audit: (result: VoteResult) => AuditRecord,
  ): Promise<VoteWithBallots | null>;
  /** Open votes with a closing time, for the clock that closes them. */
  listTimedOpenVotes(): Promise<{ id: string; consultationId: string; closesAt: number }[]>;

  /** Creates a consultation round with its audit entry, atomically. */
  createRound(round: Round, audit: AuditRecord): Promise<void>;
  getRound(id: string): Promise<Round | null>;
  /** A consultation's rounds, as stored, by opening time then creation. */
  listRounds(consultationId: string): Promise<Round[]>;
  /**
   * Changes a round and appends its audit entry, atomically, if it is still in `expectedState`
   * (when given): of several instances moving a round on its date, one writes, the others get
   * null. Null too if the round does not exist; otherwise the round as written.
   */
  updateRound(id: string, patch: RoundPatch, audit: AuditRecord, expectedState?: RoundState): Promise<Round | null>;
  /** Rounds stored as `drafting` or `open`, of every consultation: those the clock may move on their dates. */
  listMovingRounds(): Promise<Round[]>;

  /** Writes a version with its snapshot and its audit entry, atomically. */
  createVersion(version: StoredVersion, audit: AuditRecord): Promise<void>;
  /** A consultation's versions, newest first, without their snapshots (never read for a list). */
  listVersions(consultationId: string): Promise<VersionRecord[]>;
  getVersion(id: string): Promise<StoredVersion | null>;

  /** One person's visit record on a consultation; null if they never marked anything seen. */
  getVisit(consultationId: string, personId: string): Promise<VisitRecord | null>;
  /** Writes one person's visit record, replacing the one before (upsert on consultation and person). */
  setVisit(record: VisitRecord): Promise<void>;

  /** Records a clause's translation confirmed in line (replacing the last) and its audit entry, atomically. */
  confirmTranslation(record: TranslationConfirmationRecord, audit: AuditRecord): Promise<void>;
  /** The latest confirmation of each clause of a consultation that has one. */
  listTranslationConfirmations(consultationId: string): Promise<TranslationConfirmationRecord[]>;

  appendAudit(entry: AuditRecord): Promise<void>;
  /** Newest first. */
  listAudit(consultationId: string, limit: number): Promise<(AuditRecord & { id: number })[]>;

  getSession(id: string): Promise<StoredSession | null>;
  setSession(id: string, session: StoredSession): Promise<void>;
  destroySession(id: string): Promise<void>;
  pruneSessions(now: number): Promise<void>;

  // — notifications (see notifications/NotificationService.ts) —
  /**
   * Writes each notification and, with it, its mail (if any), atomically per notification. A
   * notification whose (person, dedupe key) exists already is skipped with its mail: racing
   * instances, or a clock running twice, create it once. Answers those written.
   */
  addNotifications(
    items: { notification: NotificationRecord; mail: MailRecord | null }[],
  ): Promise<NotificationRecord[]>;
  /** One person's notifications, newest first (then by id), those created before `before` if given. */
  /**
   * Newest first (time, then id); with `before`, only those after that point of the order:
   * older, or as old with a smaller id than `beforeId` (without it, strictly older).
   */
  listNotifications(
    personId: string,
    opts: { limit: number; before?: number; beforeId?: string },
  ): Promise<NotificationRecord[]>;
  /** One person's notifications created in (after, upTo], oldest first: what a digest holds. */
  listNotificationsBetween(personId: string, after: number, upTo: number): Promise<NotificationRecord[]>;
  countUnreadNotifications(personId: string): Promise<number>;
  /** Marks read (at `at`) this person's unread notifications with these ids, or created up to `upTo`; how many. */
  markNotificationsRead(
    personId: string,
    which: { ids: string[] } | { upTo: number; upToId?: string },
    at: number,
  ): Promise<number>;
  /** Every stored preference (people without one have the default). */
  listNotificationPreferences(): Promise<NotificationPreferenceRecord[]>;
  getNotificationPreference(personId: string): Promise<NotificationPreferenceRecord | null>;
  /** Upserts a person's e-mail mode, and `digestSentUpTo` when given (else kept, or null for a new row). */
  setNotificationPreference(personId: string, email: EmailMode, digestSentUpTo?: number): Promise<void>;
  /**
   * A daily digest: moves the person's `digestSentUpTo` from `expected` (null: no row or no digest
   * yet) to `upTo` and queues `mail` (if any), atomically, only if it still was `expected`: of
   * several instances, one queues it. True if this call did.
   */
  queueDigest(personId: string, expected: number | null, upTo: number, mail: MailRecord | null): Promise<boolean>;
  /**
   * Claims up to `limit` pending mails due at `now` (oldest due first) for sending: each claimed
   * one's `attempts` goes up by one and its `nextAttemptAt` becomes `leaseUntil`, so no other
   * instance takes it meanwhile (PostgreSQL: FOR UPDATE SKIP LOCKED); a sender that dies leaves it
   * to be claimed again after the lease.
   */
  claimDueMail(now: number, leaseUntil: number, limit: number): Promise<MailRecord[]>;
  /** After a send: sent, pending again (retry at `nextAttemptAt`) or dead. */
  settleMail(
    id: string,
    outcome:
      | { status: 'sent'; at: number }
      | { status: 'pending'; nextAttemptAt: number; error: string }
      | { status: 'dead'; error: string },
  ): Promise<void>;
  /** When the next pending mail is due; null if none is pending. */
  nextMailDueAt(): Promise<number | null>;
  /** Mails, oldest first (of one person if given): for tests and operators. */
  listMail(personId?: string): Promise<MailRecord[]>;
}

/**
 * What a notification points at, as stored (JSON): ids only, so views are made from the rows as
 * they are when read (a reply hidden since shows no excerpt; a clause moved shows its new number).
 */
export interface NotificationPayload {
  threadId?: string;
  clauseId?: string;
  commentId?: string;
  voteId?: string;
  roundId?: string;
  /** `round.closingSoon`: the closing time it announced. */
  closesAt?: number;
}

export interface NotificationRecord {
  id: string;
  personId: string;
  consultationId: string;
  kind: NotificationKind;
  actorId: string | null;
  payload: NotificationPayload;
  createdAt: number;
  readAt: number | null;
  /** Unique per person: what makes the same event notify once (e.g. `reply:<commentId>`). */
  dedupeKey: string;
}

export interface NotificationPreferenceRecord {
  personId: string;
  email: EmailMode;
  /** The daily digests have covered notifications created up to then; null: none sent yet. */
  digestSentUpTo: number | null;
}

export type MailStatus = 'pending' | 'sent' | 'dead';

/** One e-mail in the outbox (`mail_outbox`), from queued to sent (or given up). */
export interface MailRecord {
  id: string;
  personId: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** The notifications it tells of (one, or a digest's). */
  notificationIds: string[];
  status: MailStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}
