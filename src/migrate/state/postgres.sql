-- wayback state on PostgreSQL: schema "wayback" in the target database.
-- Format version 1; see docs/state.md. Each section is one named query.

-- name: exists
SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'wayback' AND c.relname = 'migrations';

-- name: create
CREATE SCHEMA IF NOT EXISTS wayback;
CREATE TABLE IF NOT EXISTS wayback.meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
CREATE TABLE IF NOT EXISTS wayback.migrations (
  version             text PRIMARY KEY,
  name                text NOT NULL,
  up_sql              text NOT NULL,
  down_sql            text,
  up_checksum         text NOT NULL,
  down_checksum       text,
  no_transaction      boolean NOT NULL DEFAULT false,
  irreversible_reason text,
  applied_at          timestamptz NOT NULL,
  applied_by          text NOT NULL,
  duration_ms         bigint NOT NULL,
  run_id              text
);
CREATE TABLE IF NOT EXISTS wayback.events (
  id              bigserial PRIMARY KEY,
  at              timestamptz NOT NULL,
  kind            text NOT NULL,
  version         text,
  name            text,
  actor           text NOT NULL,
  statement_index integer,
  error           text,
  detail          text,
  duration_ms     bigint
);
-- Append-only: the history is evidence, so wayback never rewrites it.
CREATE OR REPLACE FUNCTION wayback.events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'wayback.events is append-only';
END $$;
DROP TRIGGER IF EXISTS events_append_only ON wayback.events;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON wayback.events
  FOR EACH ROW EXECUTE FUNCTION wayback.events_append_only();
INSERT INTO wayback.meta (key, value) VALUES ('format_version', '1') ON CONFLICT (key) DO NOTHING;

-- name: format_version
SELECT value FROM wayback.meta WHERE key = 'format_version';

-- name: list_migrations
SELECT version, name, up_sql, down_sql, up_checksum, down_checksum,
       CASE WHEN no_transaction THEN '1' ELSE '0' END,
       irreversible_reason,
       to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       applied_by, duration_ms
FROM wayback.migrations;

-- name: is_applied
SELECT count(*) FROM wayback.migrations WHERE version = $1;

-- name: insert_migration
INSERT INTO wayback.migrations (version, name, up_sql, down_sql, up_checksum, down_checksum,
  no_transaction, irreversible_reason, applied_at, applied_by, duration_ms)
VALUES ($1, $2, $3, $4, $5, $6, $7::integer <> 0, $8, $9::timestamptz, $10, $11::bigint);

-- name: record_apply
-- The migration row and its event in one statement, sent with COMMIT (and,
-- for schema-only scripts, in the same round trip as the script). It runs
-- last in the migration's transaction, so the server measures the duration.
WITH d AS (
  SELECT greatest($11::bigint, (extract(epoch FROM clock_timestamp() - transaction_timestamp()) * 1000)::bigint) AS ms
), m AS (
  INSERT INTO wayback.migrations (version, name, up_sql, down_sql, up_checksum, down_checksum,
    no_transaction, irreversible_reason, applied_at, applied_by, duration_ms)
  SELECT $1, $2, $3, $4, $5, $6, $7::integer <> 0, $8, $9::timestamptz, $10, d.ms FROM d
)
INSERT INTO wayback.events (at, kind, version, name, actor, statement_index, error, detail, duration_ms)
SELECT $12::timestamptz, $13, $14, $15, $16, $17::integer, $18, $19, greatest($20::bigint, d.ms) FROM d;

-- name: record_rollback
WITH m AS (DELETE FROM wayback.migrations WHERE version = $1)
INSERT INTO wayback.events (at, kind, version, name, actor, statement_index, error, detail, duration_ms)
VALUES ($2::timestamptz, $3, $4, $5, $6, $7::integer, $8, $9,
        greatest($10::bigint, (extract(epoch FROM clock_timestamp() - transaction_timestamp()) * 1000)::bigint));

-- name: delete_migration
DELETE FROM wayback.migrations WHERE version = $1;

-- name: insert_event
INSERT INTO wayback.events (at, kind, version, name, actor, statement_index, error, detail, duration_ms)
VALUES ($1::timestamptz, $2, $3, $4, $5, $6::integer, $7, $8, $9::bigint);

-- name: list_events
SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), kind, version, name, actor,
       statement_index, error, detail, duration_ms
FROM wayback.events ORDER BY id;
