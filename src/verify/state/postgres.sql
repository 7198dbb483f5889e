-- verify's verdicts on PostgreSQL, in schema "wayback" of the target, one row
-- per (up checksum, down checksum): a verdict holds for exactly the files it
-- was proven on. Format version 1; see docs/verify.md.

-- name: create
CREATE SCHEMA IF NOT EXISTS wayback;
CREATE TABLE IF NOT EXISTS wayback.verdicts (
  up_checksum   text NOT NULL,
  down_checksum text NOT NULL,
  version       text NOT NULL,
  name          text NOT NULL,
  verdict       text NOT NULL,
  summary       text NOT NULL,
  detail        text NOT NULL,
  verified_at   timestamptz NOT NULL,
  verified_by   text NOT NULL,
  PRIMARY KEY (up_checksum, down_checksum)
);

-- name: exists
SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'wayback' AND c.relname = 'verdicts';

-- name: upsert
INSERT INTO wayback.verdicts (up_checksum, down_checksum, version, name, verdict, summary, detail, verified_at,
  verified_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz, $9)
ON CONFLICT (up_checksum, down_checksum) DO UPDATE SET version = excluded.version, name = excluded.name,
  verdict = excluded.verdict, summary = excluded.summary, detail = excluded.detail,
  verified_at = excluded.verified_at, verified_by = excluded.verified_by;

-- name: list
SELECT version, name, up_checksum, down_checksum, verdict, summary,
       to_char(verified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
FROM wayback.verdicts ORDER BY verified_at;
