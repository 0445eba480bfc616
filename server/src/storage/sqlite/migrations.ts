/** Schema versions, applied in order on start. Never edit one that has shipped: add the next. */
export const SQLITE_MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE stakeholders (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('secretariat', 'member_state', 'partner')),
        name TEXT NOT NULL
      );
      CREATE TABLE people (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('secretariat', 'delegate', 'partner', 'observer')),
        stakeholder_id TEXT REFERENCES stakeholders (id),
        password_hash TEXT NOT NULL
      );
      CREATE TABLE consultations (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at INTEGER NOT NULL
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
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        document_name TEXT NOT NULL,
        data BLOB NOT NULL
      );
      CREATE INDEX document_updates_by_name ON document_updates (document_name, seq);
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE document_texts (
        document_name TEXT PRIMARY KEY,
        text TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    sql: `
      CREATE TABLE threads (
        id TEXT PRIMARY KEY,
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        clause_id TEXT NOT NULL,
        passage TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('comment', 'question', 'proposal')),
        proposal TEXT,
        author_id TEXT NOT NULL REFERENCES people (id),
        stakeholder_id TEXT REFERENCES stakeholders (id),
        status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
        locked INTEGER NOT NULL,
        duplicate_of TEXT REFERENCES threads (id),
        response TEXT,
        applied TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        FOREIGN KEY (consultation_id, clause_id) REFERENCES clauses (consultation_id, id)
      );
      CREATE INDEX threads_by_consultation ON threads (consultation_id, created_at);
      CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL REFERENCES threads (id),
        author_id TEXT NOT NULL REFERENCES people (id),
        stakeholder_id TEXT REFERENCES stakeholders (id),
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        edited_at INTEGER,
        withdrawn_at INTEGER,
        hidden TEXT
      );
      CREATE INDEX comments_by_thread ON comments (thread_id, created_at);
      CREATE TABLE review_statuses (
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id),
        status TEXT NOT NULL CHECK (status IN ('not_started', 'reviewing', 'no_comments', 'submitted')),
        set_by TEXT NOT NULL REFERENCES people (id),
        set_at INTEGER NOT NULL,
        PRIMARY KEY (consultation_id, stakeholder_id)
      );
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        actor_id TEXT NOT NULL REFERENCES people (id),
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        reason TEXT,
        detail TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX audit_log_by_consultation ON audit_log (consultation_id, id);
    `,
  },
  {
    version: 4,
    // Votes and their ballots. \`closed\` is NULL while a vote is open, then the JSON of
    // {at, byId, result}: the partial unique index makes "one open vote per subject" a rule of the
    // database, so two secretariat members opening one at once cannot both succeed.
    sql: `
      CREATE TABLE votes (
        id TEXT PRIMARY KEY,
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        subject TEXT NOT NULL,
        subject_key TEXT NOT NULL,
        question TEXT NOT NULL,
        rule TEXT NOT NULL,
        advisory INTEGER NOT NULL,
        member_states TEXT NOT NULL,
        opened_by TEXT NOT NULL REFERENCES people (id),
        opened_at INTEGER NOT NULL,
        closes_at INTEGER,
        closed TEXT,
        supersedes TEXT REFERENCES votes (id)
      );
      CREATE UNIQUE INDEX votes_one_open_per_subject ON votes (consultation_id, subject_key) WHERE closed IS NULL;
      CREATE INDEX votes_by_consultation ON votes (consultation_id, opened_at);
      CREATE INDEX votes_by_supersedes ON votes (supersedes) WHERE supersedes IS NOT NULL;
      CREATE INDEX votes_timed_open ON votes (closes_at) WHERE closed IS NULL AND closes_at IS NOT NULL;
      CREATE TABLE ballots (
        vote_id TEXT NOT NULL REFERENCES votes (id),
        stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id),
        choice TEXT NOT NULL CHECK (choice IN ('agree', 'object', 'abstain')),
        person_id TEXT NOT NULL REFERENCES people (id),
        at INTEGER NOT NULL,
        PRIMARY KEY (vote_id, stakeholder_id)
      );
    `,
  },
  {
    version: 5,
    // Published versions of the framework. \`snapshot\` is the JSON text of {framework, threads}
    // as published, stored as given; \`snapshot_bytes\` its UTF-8 size. A version never changes:
    // the trigger makes that a rule of the database, not only of the code.
    sql: `
      CREATE TABLE versions (
        id TEXT PRIMARY KEY,
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        title TEXT NOT NULL,
        note TEXT NOT NULL,
        published_by TEXT NOT NULL REFERENCES people (id),
        published_at INTEGER NOT NULL,
        restored_from TEXT REFERENCES versions (id),
        clause_count INTEGER NOT NULL,
        thread_count INTEGER NOT NULL,
        snapshot TEXT NOT NULL,
        snapshot_bytes INTEGER NOT NULL
      );
      CREATE INDEX versions_by_consultation ON versions (consultation_id, published_at);
      CREATE TRIGGER versions_never_change BEFORE UPDATE ON versions
      BEGIN
        SELECT RAISE(ABORT, 'a published version never changes');
      END;
    `,
  },
  {
    version: 6,
    // "Since your last visit": per person and consultation, when they last marked the changes
    // seen and \`snapshot\`, the JSON text of each clause's texts as they saw them
    // ({ [clauseId]: { en, zh } }). Rewritten whole on each mark.
    sql: `
      CREATE TABLE visits (
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        person_id TEXT NOT NULL REFERENCES people (id),
        seen_at INTEGER NOT NULL,
        snapshot TEXT NOT NULL,
        PRIMARY KEY (consultation_id, person_id)
      );
    `,
  },
  {
    version: 7,
    // Consultation rounds. \`title\` is the JSON text of {en, zh}; \`state\` as set by the
    // secretariat or by the clock at the round's dates (reads apply the dates anyway).
    sql: `
      CREATE TABLE rounds (
        id TEXT PRIMARY KEY,
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        title TEXT NOT NULL,
        opens_at INTEGER NOT NULL,
        closes_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('drafting', 'open', 'consolidation', 'closed')),
        created_by TEXT NOT NULL REFERENCES people (id),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK (opens_at < closes_at)
      );
      CREATE INDEX rounds_by_consultation ON rounds (consultation_id, opens_at, created_at);
      CREATE INDEX rounds_moving ON rounds (state) WHERE state IN ('drafting', 'open');
    `,
  },
  {
    version: 8,
    // "Translation out of date": per clause, the texts of both languages when someone last
    // confirmed them in line, who and when. Replaced on each confirmation (the audit log keeps
    // the history).
    sql: `
      CREATE TABLE translation_confirmations (
        consultation_id TEXT NOT NULL,
        clause_id TEXT NOT NULL,
        en TEXT NOT NULL,
        zh TEXT NOT NULL,
        confirmed_by TEXT NOT NULL REFERENCES people (id),
        confirmed_at INTEGER NOT NULL,
        PRIMARY KEY (consultation_id, clause_id),
        FOREIGN KEY (consultation_id, clause_id) REFERENCES clauses (consultation_id, id)
      );
    `,
  },
  {
    version: 9,
    // Notifications (one row per person and event; \`payload\` the JSON text of the ids it points
    // at; \`dedupe_key\` unique per person, so an event notifies once whoever writes it), e-mail
    // preferences (with how far the daily digests got) and the mail outbox (retried until sent,
    // or \`dead\` after days of failures).
    sql: `
      CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES people (id),
        consultation_id TEXT NOT NULL REFERENCES consultations (id),
        kind TEXT NOT NULL,
        actor_id TEXT REFERENCES people (id),
        payload TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        read_at INTEGER,
        dedupe_key TEXT NOT NULL,
        UNIQUE (person_id, dedupe_key)
      );
      CREATE INDEX notifications_by_person ON notifications (person_id, created_at);
      CREATE INDEX notifications_unread ON notifications (person_id) WHERE read_at IS NULL;
      CREATE TABLE notification_preferences (
        person_id TEXT PRIMARY KEY REFERENCES people (id),
        email_mode TEXT NOT NULL CHECK (email_mode IN ('off', 'immediate', 'daily')),
        digest_sent_up_to INTEGER
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
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        sent_at INTEGER
      );
      CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX mail_outbox_by_person ON mail_outbox (person_id, created_at);
    `,
  },
];
