-- verify's verdicts on SQLite, table wayback_verdicts in the target, one row
-- per (up checksum, down checksum): a verdict holds for exactly the files it
-- was proven on. Format version 1; see docs/verify.md.

-- name: create
CREATE TABLE IF NOT EXISTS wayback_verdicts (
  up_checksum   TEXT NOT NULL,
  down_checksum TEXT NOT NULL,
  version       TEXT NOT NULL,
  name          TEXT NOT NULL,
  verdict       TEXT NOT NULL,
  summary       TEXT NOT NULL,
  detail        TEXT NOT NULL,
  verified_at   TEXT NOT NULL,
  verified_by   TEXT NOT NULL,
  PRIMARY KEY (up_checksum, down_checksum)
);

-- name: exists
SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'wayback_verdicts';

-- name: upsert
INSERT INTO wayback_verdicts (up_checksum, down_checksum, version, name, verdict, summary, detail, verified_at,
  verified_by)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
ON CONFLICT (up_checksum, down_checksum) DO UPDATE SET version = excluded.version, name = excluded.name,
  verdict = excluded.verdict, summary = excluded.summary, detail = excluded.detail,
  verified_at = excluded.verified_at, verified_by = excluded.verified_by;

-- name: list
SELECT version, name, up_checksum, down_checksum, verdict, summary, verified_at
FROM wayback_verdicts ORDER BY verified_at;
