/**
 * PostgreSQL schema versions, applied in order on start (see PostgresStorage.migrate). Never edit
 * one that has shipped: add the next. Numbered on their own, not in step with SQLite's: version 1
 * is the schema SQLite reached in its own version 3.
 *
 * Types, chosen so every value reads back exactly as SQLite returns it:
 * - times are BIGINT (milliseconds since the epoch, as JavaScript numbers);
 * - JSON columns are TEXT holding `JSON.stringify` output, as in SQLite: JSONB would reorder
 *   object keys and never needs querying by content here;
 * - Yjs updates are BYTEA;
 * - `ord` identity columns stand in for SQLite's rowid, where the reference implementation
 *   orders by insertion (stakeholders, people, consultations, threads, comments); an upsert
 *   keeps the row, so keeps its place, as SQLite's does;
 * - document names are COLLATE "C", so the primary-key range scan of `getDocumentTexts` orders
 *   bytewise, as SQLite's BINARY collation does, whatever the database's default collation.
 */
export const POSTGRES_MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE stakeholders (
        id TEXT PRIMARY KEY,
        ord BIGINT GENERATED ALWAYS AS IDENTITY,
        kind TEXT NOT NULL CHECK (kind IN ('secretariat', 'member_state', 'partner')),
        name TEXT NOT NULL
      );
      CREATE TABLE people (
        id TEXT PRIMARY KEY,
        ord BIGINT GENERATED ALWAYS AS IDENTITY,
        email TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('secretariat', 'delegate', 'partner', 'observer')),
        stakeholder_id TEXT REFERENCES stakeholders (id),
        password_hash TEXT NOT NULL
      );
      CREATE TABLE consultations (
        id TEXT PRIMARY KEY,
        ord BIGINT GENERATED ALWAYS AS IDENTITY,
        title TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE sections (
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        id TEXT NOT NULL,
        parent_id TEXT,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        PRIMARY KEY (consultation_id, id)
      );
      CREATE TABLE clauses (
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        id TEXT NOT NULL,
        section_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (consultation_id, id),
        FOREIGN KEY (consultation_id, section_id) REFERENCES sections (consultation_id, id)
      );
      CREATE TABLE document_updates (
        seq BIGSERIAL PRIMARY KEY,
        document_name TEXT COLLATE "C" NOT NULL,
        data BYTEA NOT NULL
      );
      CREATE INDEX document_updates_by_name ON document_updates (document_name, seq);
      CREATE TABLE document_texts (
        document_name TEXT COLLATE "C" PRIMARY KEY,
        text TEXT NOT NULL
      );
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX sessions_by_expiry ON sessions (expires_at);
      CREATE TABLE threads (
        id TEXT PRIMARY KEY,
        ord BIGINT GENERATED ALWAYS AS IDENTITY,
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        clause_id TEXT NOT NULL,
        passage TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('comment', 'question', 'proposal')),
        proposal TEXT,
        author_id TEXT NOT NULL REFERENCES people (id),
        stakeholder_id TEXT REFERENCES stakeholders (id),
        status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
        locked BOOLEAN NOT NULL,
        duplicate_of TEXT REFERENCES threads (id),
        response TEXT,
        applied TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        FOREIGN KEY (consultation_id, clause_id) REFERENCES clauses (consultation_id, id)
      );
      CREATE INDEX threads_by_consultation ON threads (consultation_id, created_at, ord);
      CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        ord BIGINT GENERATED ALWAYS AS IDENTITY,
        thread_id TEXT NOT NULL REFERENCES threads (id),
        author_id TEXT NOT NULL REFERENCES people (id),
        stakeholder_id TEXT REFERENCES stakeholders (id),
        body TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        edited_at BIGINT,
        withdrawn_at BIGINT,
        hidden TEXT
      );
      CREATE INDEX comments_by_thread ON comments (thread_id, created_at, ord);
      CREATE TABLE review_statuses (
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id),
        status TEXT NOT NULL CHECK (status IN ('not_started', 'reviewing', 'no_comments', 'submitted')),
        set_by TEXT NOT NULL REFERENCES people (id),
        set_at BIGINT NOT NULL,
        PRIMARY KEY (consultation_id, stakeholder_id)
      );
      CREATE TABLE audit_log (
        id BIGSERIAL PRIMARY KEY,
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        actor_id TEXT NOT NULL REFERENCES people (id),
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        reason TEXT,
        detail TEXT NOT NULL,
        at BIGINT NOT NULL
      );
      CREATE INDEX audit_log_by_consultation ON audit_log (consultation_id, id);
    `,
  },
  {
    // The votes of SQLite's version 4. \`closed\` is NULL while a vote is open, then the JSON of
    // {at, byId, result}: the partial unique index makes "one open vote per subject" a rule of the
    // database, so two instances opening one at once cannot both succeed. \`ord\` orders votes
    // opened in the same millisecond, and ballots cast in one, by insertion (an upserted ballot
    // keeps its row, so its place among equal times, as in SQLite).
    version: 2,
    sql: `
      CREATE TABLE votes (
        id TEXT PRIMARY KEY,
        ord BIGINT GENERATED ALWAYS AS IDENTITY,
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        subject TEXT NOT NULL,
        subject_key TEXT NOT NULL,
        question TEXT NOT NULL,
        rule TEXT NOT NULL,
        advisory BOOLEAN NOT NULL,
        member_states TEXT NOT NULL,
        opened_by TEXT NOT NULL REFERENCES people (id),
        opened_at BIGINT NOT NULL,
        closes_at BIGINT,
        closed TEXT,
        supersedes TEXT REFERENCES votes (id)
      );
      CREATE UNIQUE INDEX votes_one_open_per_subject ON votes (consultation_id, subject_key) WHERE closed IS NULL;
      CREATE INDEX votes_by_consultation ON votes (consultation_id, opened_at, ord);
      CREATE INDEX votes_by_supersedes ON votes (supersedes) WHERE supersedes IS NOT NULL;
      CREATE INDEX votes_timed_open ON votes (closes_at) WHERE closed IS NULL AND closes_at IS NOT NULL;
      CREATE TABLE ballots (
        vote_id TEXT NOT NULL REFERENCES votes (id),
        stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id),
        ord BIGINT GENERATED ALWAYS AS IDENTITY,
        choice TEXT NOT NULL CHECK (choice IN ('agree', 'object', 'abstain')),
        person_id TEXT NOT NULL REFERENCES people (id),
        at BIGINT NOT NULL,
        PRIMARY KEY (vote_id, stakeholder_id)
      );
    `,
  },
  {
    // The versions of SQLite's version 5. \`snapshot\` is the JSON text of {framework, threads}
    // as published (TEXT, as every JSON column here: it comes back exactly as given); \`ord\`
    // orders versions published in the same millisecond by insertion. A version never changes:
    // the trigger makes that a rule of the database, not only of the code.
    version: 3,
    sql: `
      CREATE TABLE versions (
        id TEXT PRIMARY KEY,
        ord BIGINT GENERATED ALWAYS AS IDENTITY,
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        title TEXT NOT NULL,
        note TEXT NOT NULL,
        published_by TEXT NOT NULL REFERENCES people (id),
        published_at BIGINT NOT NULL,
        restored_from TEXT REFERENCES versions (id),
        clause_count INTEGER NOT NULL,
        thread_count INTEGER NOT NULL,
        snapshot TEXT NOT NULL,
        snapshot_bytes INTEGER NOT NULL
      );
      CREATE INDEX versions_by_consultation ON versions (consultation_id, published_at, ord);
      CREATE FUNCTION versions_never_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a published version never changes';
      END
      $$;
      CREATE TRIGGER versions_never_change BEFORE UPDATE ON versions
        FOR EACH ROW EXECUTE FUNCTION versions_never_change();
    `,
  },
  {
    // The visits of SQLite's version 6: when each person last marked a consultation's changes
    // seen, and the JSON text of the clause texts they had seen ({ [clauseId]: { en, zh } }).
    version: 4,
    sql: `
      CREATE TABLE visits (
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        person_id TEXT NOT NULL REFERENCES people (id),
        seen_at BIGINT NOT NULL,
        snapshot TEXT NOT NULL,
        PRIMARY KEY (consultation_id, person_id)
      );
    `,
  },
  {
    // The rounds of SQLite's version 7: \`title\` is the JSON text of {en, zh}.
    version: 5,
    sql: `
      CREATE TABLE rounds (
        id TEXT PRIMARY KEY,
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        title TEXT NOT NULL,
        opens_at BIGINT NOT NULL,
        closes_at BIGINT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('drafting', 'open', 'consolidation', 'closed')),
        created_by TEXT NOT NULL REFERENCES people (id),
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        CHECK (opens_at < closes_at)
      );
      CREATE INDEX rounds_by_consultation ON rounds (consultation_id, opens_at, created_at);
      CREATE INDEX rounds_moving ON rounds (state) WHERE state IN ('drafting', 'open');
    `,
  },
  {
    // The translation confirmations of SQLite's version 8: per clause, the texts of both
    // languages when last confirmed in line.
    version: 6,
    sql: `
      CREATE TABLE translation_confirmations (
        consultation_id TEXT NOT NULL,
        clause_id TEXT NOT NULL,
        en TEXT NOT NULL,
        zh TEXT NOT NULL,
        confirmed_by TEXT NOT NULL REFERENCES people (id),
        confirmed_at BIGINT NOT NULL,
        PRIMARY KEY (consultation_id, clause_id),
        FOREIGN KEY (consultation_id, clause_id) REFERENCES clauses (consultation_id, id)
      );
    `,
  },
  {
    // The notifications, preferences and mail outbox of SQLite's version 9.
    version: 7,
    sql: `
      CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES people (id),
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        kind TEXT NOT NULL,
        actor_id TEXT REFERENCES people (id),
        payload TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        read_at BIGINT,
        dedupe_key TEXT NOT NULL,
        UNIQUE (person_id, dedupe_key)
      );
      CREATE INDEX notifications_by_person ON notifications (person_id, created_at);
      CREATE INDEX notifications_unread ON notifications (person_id) WHERE read_at IS NULL;
      CREATE TABLE notification_preferences (
        person_id TEXT PRIMARY KEY REFERENCES people (id),
        email_mode TEXT NOT NULL CHECK (email_mode IN ('off', 'immediate', 'daily')),
        digest_sent_up_to BIGINT
      );
      CREATE TABLE mail_outbox (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES people (id),
        to_address TEXT NOT NULL,
        subject TEXT NOT NULL,
        text_body TEXT NOT NULL,
        html_body TEXT,
        notification_ids TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
        attempts INTEGER NOT NULL,
        next_attempt_at BIGINT NOT NULL,
        last_error TEXT,
        created_at BIGINT NOT NULL,
        sent_at BIGINT
      );
      CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX mail_outbox_by_person ON mail_outbox (person_id, created_at);
    `,
  },
];
