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
];
