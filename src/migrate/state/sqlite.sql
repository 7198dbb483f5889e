-- wayback state on SQLite: tables prefixed wayback_ in the target database.
-- Format version 1; see docs/state.md. Each section is one named query.

-- name: exists
SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'wayback_migrations';

-- name: create
CREATE TABLE IF NOT EXISTS wayback_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS wayback_migrations (
  version             TEXT PRIMARY KEY,
  name                TEXT NOT NULL,
  up_sql              TEXT NOT NULL,
  down_sql            TEXT,
  up_checksum         TEXT NOT NULL,
  down_checksum       TEXT,
  no_transaction      INTEGER NOT NULL DEFAULT 0,
  irreversible_reason TEXT,
  applied_at          TEXT NOT NULL,
  applied_by          TEXT NOT NULL,
  duration_ms         INTEGER NOT NULL,
  run_id              TEXT
);
CREATE TABLE IF NOT EXISTS wayback_events (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  at              TEXT NOT NULL,
  kind            TEXT NOT NULL,
  version         TEXT,
  name            TEXT,
  actor           TEXT NOT NULL,
  statement_index INTEGER,
  error           TEXT,
  detail          TEXT,
  duration_ms     INTEGER
);
-- Append-only: the history is evidence, so wayback never rewrites it.
CREATE TRIGGER IF NOT EXISTS wayback_events_append_only_update
  BEFORE UPDATE ON wayback_events BEGIN SELECT RAISE(ABORT, 'wayback_events is append-only'); END;
CREATE TRIGGER IF NOT EXISTS wayback_events_append_only_delete
  BEFORE DELETE ON wayback_events BEGIN SELECT RAISE(ABORT, 'wayback_events is append-only'); END;
INSERT OR IGNORE INTO wayback_meta (key, value) VALUES ('format_version', '1');

-- name: format_version
SELECT value FROM wayback_meta WHERE key = 'format_version';

-- name: list_migrations
SELECT version, name, up_sql, down_sql, up_checksum, down_checksum, no_transaction,
       irreversible_reason, applied_at, applied_by, duration_ms
FROM wayback_migrations;

-- name: is_applied
SELECT count(*) FROM wayback_migrations WHERE version = ?1;

-- name: insert_migration
INSERT INTO wayback_migrations (version, name, up_sql, down_sql, up_checksum, down_checksum,
  no_transaction, irreversible_reason, applied_at, applied_by, duration_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11);

-- name: delete_migration
DELETE FROM wayback_migrations WHERE version = ?1;

-- name: insert_event
INSERT INTO wayback_events (at, kind, version, name, actor, statement_index, error, detail, duration_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);

-- name: list_events
SELECT id, at, kind, version, name, actor, statement_index, error, detail, duration_ms
FROM wayback_events ORDER BY id;
