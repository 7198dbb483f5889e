-- wayback journal on PostgreSQL: tables runs and journal in schema "wayback".
-- Format version 1; see docs/journal.md. Each section is one named query;
-- {{name}} placeholders are filled with identifiers quoted by wayback
-- (src/journal/sql_text.h), never with values: values are bound ($1, $2 …).

-- name: exists
SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'wayback' AND c.relname = 'runs';

-- name: create
CREATE SCHEMA IF NOT EXISTS wayback;
CREATE TABLE IF NOT EXISTS wayback.journal_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
CREATE TABLE IF NOT EXISTS wayback.runs (
  id          text PRIMARY KEY,
  label       text NOT NULL DEFAULT '',
  kind        text NOT NULL,          -- job, session, migration, undo
  status      text NOT NULL,          -- open, done, failed, undone, partly undone
  started_at  timestamptz NOT NULL,
  finished_at timestamptz,
  actor       text NOT NULL,
  undoes      text,                   -- for an undo: the run it reversed
  expired_at  timestamptz,            -- set by prune: the journal is gone
  tables      jsonb,                  -- {"schema.table": rows} summary, kept after prune
  captures    jsonb                   -- session runs: labels of the tables they capture
);
-- Row-by-row capture (session runs): one row per written row. seq orders a
-- run's entries.
CREATE TABLE IF NOT EXISTS wayback.journal (
  run_id  text NOT NULL,
  seq     bigint NOT NULL,
  tbl     text NOT NULL,              -- schema.table, unquoted
  row_key jsonb NOT NULL,             -- the key columns
  before  jsonb,                      -- NULL: the write inserted the row
  after   jsonb                       -- NULL: the write deleted the row
);
-- BRIN, not btree: run ids grow with time and entries are appended, so a
-- block range summary finds a run's entries while costing next to nothing
-- per journaled row (a btree entry per row measurably slowed tracked writes).
CREATE INDEX IF NOT EXISTS journal_run ON wayback.journal USING brin (run_id);
-- Set-based capture (statements of jobs, migrations, undos) stores images
-- typed, in a shadow table per table and column layout ("shape"): columns
-- b1..bn hold the before-image, a1..an the after-image, in the order of
-- journal_shapes.columns. One row per written row; a statement is one seq.
CREATE TABLE IF NOT EXISTS wayback.journal_shapes (
  shadow  text PRIMARY KEY,           -- table name in schema wayback
  tbl     text NOT NULL,              -- schema.table, unquoted
  shape   text NOT NULL,              -- wayback.shape() of the table when captured
  columns jsonb NOT NULL,             -- column names, in shadow order
  key     jsonb NOT NULL              -- key column names
);
CREATE TABLE IF NOT EXISTS wayback.journal_statements (
  seq     bigint PRIMARY KEY,
  run_id  text NOT NULL,
  tbl     text NOT NULL,
  shadow  text NOT NULL,
  rows    bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS journal_statements_run ON wayback.journal_statements (run_id);
CREATE SEQUENCE IF NOT EXISTS wayback.journal_seq;
-- The column layout of a table: names and types in order. A shadow table
-- holds images of one layout only.
CREATE OR REPLACE FUNCTION wayback.shape(rel oid) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_agg(quote_ident(attname) || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum), '')
  FROM pg_catalog.pg_attribute WHERE attrelid = rel AND attnum > 0 AND NOT attisdropped
$$;
-- Writes under a run id that is not open are refused rather than journaled
-- into nowhere.
CREATE OR REPLACE FUNCTION wayback.check_run(run text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM wayback.runs WHERE id = run AND status = 'open') THEN
    RAISE EXCEPTION 'wayback.run is set to ''%'', which is not an open run', run
      USING HINT = 'start a run with `wayback run --start`, or RESET wayback.run';
  END IF;
END $$;
CREATE OR REPLACE FUNCTION wayback.check_run_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM wayback.check_run(current_setting('wayback.run', true));
  RETURN NULL;
END $$;
-- Tables without a primary key or unique NOT NULL key cannot be journaled:
-- writing to one inside a run fails instead of escaping the journal.
CREATE OR REPLACE FUNCTION wayback.refuse_untracked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('wayback.run', true), '') <> '' THEN
    RAISE EXCEPTION 'table %.% has neither a primary key nor a unique NOT NULL key: wayback cannot journal its rows, so a run may not write to it',
      TG_TABLE_SCHEMA, TG_TABLE_NAME USING HINT = 'add a primary key, or write to it outside the run';
  END IF;
  RETURN NULL;
END $$;
-- TRUNCATE has no row images: inside a run it is refused.
CREATE OR REPLACE FUNCTION wayback.refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('wayback.run', true), '') <> '' THEN
    RAISE EXCEPTION 'TRUNCATE %.% inside a tracked run cannot be journaled', TG_TABLE_SCHEMA, TG_TABLE_NAME
      USING HINT = 'use DELETE inside the run';
  END IF;
  RETURN NULL;
END $$;
INSERT INTO wayback.journal_meta (key, value) VALUES ('format_version', '1') ON CONFLICT (key) DO NOTHING;

-- name: format_version
SELECT value FROM wayback.journal_meta WHERE key = 'format_version';

-- name: list_tables
SELECT n.nspname, c.relname, c.oid::text FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('wayback', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
ORDER BY 1, 2;

-- name: find_table
SELECT n.nspname, c.relname, c.oid::text FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = to_regclass($1);

-- name: table_columns
-- Every column: its name, the type a shadow table stores it as (a domain's
-- base type: a shadow holds NULL where the domain may forbid it), and whether
-- it is generated (images include it; restores never write it), and how the
-- size of its values is known without reading them (packed_update): the
-- type's fixed length, 'octets' where octet_length() tells the size a value
-- has uncompressed without decompressing it, 'stored' for numeric (its stored
-- size: a numeric is compressed only in a row still over 2 kB after its
-- longer values went out of line, which takes thousands of digits), or ''
-- (any other type); and how the undo compares two of its values byte for
-- byte (undo_fast.cc): 'bytes' where the type's equality is byte equality,
-- 'text' for text and varchar (equal under COLLATE "C"), '' otherwise (by
-- image). Decided by type oid, so a user type named like one of these is not
-- taken for it.
WITH RECURSIVE cols AS (
  SELECT attnum, attname, attgenerated, atttypid, atttypmod FROM pg_catalog.pg_attribute
  WHERE attrelid = $1::oid AND attnum > 0 AND NOT attisdropped
), base (attnum, typ, mod) AS (
  SELECT attnum, atttypid, atttypmod FROM cols
  UNION ALL
  SELECT b.attnum, t.typbasetype, t.typtypmod FROM base b JOIN pg_catalog.pg_type t ON t.oid = b.typ WHERE t.typtype = 'd'
)
SELECT c.attname, format_type(b.typ, b.mod), CASE WHEN c.attgenerated = '' THEN '0' ELSE '1' END,
       CASE WHEN t.typlen > 0 THEN t.typlen::text
            WHEN t.oid IN ('pg_catalog.text'::pg_catalog.regtype, 'pg_catalog.varchar'::pg_catalog.regtype,
                           'pg_catalog.bpchar'::pg_catalog.regtype, 'pg_catalog.bytea'::pg_catalog.regtype)
            THEN 'octets'
            WHEN t.oid = 'pg_catalog.numeric'::pg_catalog.regtype THEN 'stored'
            ELSE '' END,
       CASE WHEN t.oid IN ('pg_catalog.int2'::pg_catalog.regtype, 'pg_catalog.int4'::pg_catalog.regtype,
                           'pg_catalog.int8'::pg_catalog.regtype, 'pg_catalog.bool'::pg_catalog.regtype,
                           'pg_catalog.date'::pg_catalog.regtype, 'pg_catalog.uuid'::pg_catalog.regtype,
                           'pg_catalog.bytea'::pg_catalog.regtype, 'pg_catalog.oid'::pg_catalog.regtype,
                           'pg_catalog.timestamp'::pg_catalog.regtype, 'pg_catalog.timestamptz'::pg_catalog.regtype)
            THEN 'bytes'
            WHEN t.oid IN ('pg_catalog.text'::pg_catalog.regtype, 'pg_catalog.varchar'::pg_catalog.regtype) THEN 'text'
            ELSE '' END
FROM cols c JOIN base b ON b.attnum = c.attnum
JOIN pg_catalog.pg_type t ON t.oid = b.typ AND t.typtype <> 'd'
ORDER BY c.attnum;

-- name: table_key
-- The primary key, else the first unique index whose columns are all NOT NULL
-- (no expressions, no predicate).
WITH chosen AS (
  SELECT i.indexrelid, i.indkey FROM pg_catalog.pg_index i
  WHERE i.indrelid = $1::oid AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                    WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) AND NOT a.attnotnull)
  ORDER BY i.indisprimary DESC, i.indexrelid LIMIT 1)
SELECT a.attname FROM chosen, unnest(chosen.indkey) WITH ORDINALITY k(attnum, ord)
JOIN pg_catalog.pg_attribute a ON a.attrelid = $1::oid AND a.attnum = k.attnum
ORDER BY k.ord;

-- name: capture_installed
SELECT count(*) FROM pg_catalog.pg_trigger WHERE tgrelid = $1::oid AND tgname = 'wayback_capture';

-- name: refuse_installed
SELECT count(*) FROM pg_catalog.pg_trigger WHERE tgrelid = $1::oid AND tgname = 'wayback_refuse_untracked';

-- name: capture_function
-- Row-by-row capture for session runs (docs/journal.md explains the choice):
-- sessions marked with wayback.run. The trigger's WHEN clause spares
-- untracked writes the call; rows of tables that a statement-level capture
-- covers in this transaction (named in wayback.bulk) are skipped there too.
-- An update that changes the key is journaled as a delete of the old key and
-- an insert of the new one.
CREATE OR REPLACE FUNCTION wayback.{{function}}() RETURNS trigger LANGUAGE plpgsql AS $wb$
DECLARE
  wb_run text := current_setting('wayback.run', true);
  wb_tbl text := TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME;
BEGIN
  -- Whether the run is open is asked once per transaction, not per row.
  IF coalesce(current_setting('wayback.checked', true), '') <> wb_run THEN
    PERFORM wayback.check_run(wb_run);
    PERFORM set_config('wayback.checked', wb_run, true);
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO wayback.journal (run_id, seq, tbl, row_key, before, after)
    VALUES (wb_run, nextval('wayback.journal_seq'), wb_tbl, jsonb_build_object({{key_new}}), NULL, to_jsonb(NEW));
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO wayback.journal (run_id, seq, tbl, row_key, before, after)
    VALUES (wb_run, nextval('wayback.journal_seq'), wb_tbl, jsonb_build_object({{key_old}}), to_jsonb(OLD), NULL);
  ELSIF ROW({{key_old_list}}) IS DISTINCT FROM ROW({{key_new_list}}) THEN
    INSERT INTO wayback.journal (run_id, seq, tbl, row_key, before, after)
    VALUES (wb_run, nextval('wayback.journal_seq'), wb_tbl, jsonb_build_object({{key_old}}), to_jsonb(OLD), NULL);
    INSERT INTO wayback.journal (run_id, seq, tbl, row_key, before, after)
    VALUES (wb_run, nextval('wayback.journal_seq'), wb_tbl, jsonb_build_object({{key_new}}), NULL, to_jsonb(NEW));
  ELSE
    INSERT INTO wayback.journal (run_id, seq, tbl, row_key, before, after)
    VALUES (wb_run, nextval('wayback.journal_seq'), wb_tbl, jsonb_build_object({{key_new}}), to_jsonb(OLD), to_jsonb(NEW));
  END IF;
  RETURN NULL;
END $wb$;

-- name: guard_triggers
-- Kept on every captured table, once per statement, never per row: inside a
-- run TRUNCATE is refused, and so is a write under a run id that is not open
-- (a session still marked after its run finished). The WHEN clause spares
-- untracked statements the call.
DROP TRIGGER IF EXISTS wayback_refuse_truncate ON {{table}};
DROP TRIGGER IF EXISTS wayback_refuse_untracked ON {{table}};
DROP TRIGGER IF EXISTS wayback_check_run ON {{table}};
CREATE TRIGGER wayback_refuse_truncate BEFORE TRUNCATE ON {{table}}
  FOR EACH STATEMENT EXECUTE FUNCTION wayback.refuse_truncate();
CREATE TRIGGER wayback_check_run BEFORE INSERT OR UPDATE OR DELETE ON {{table}} FOR EACH STATEMENT
  WHEN (current_setting('wayback.run', true) <> '') EXECUTE FUNCTION wayback.check_run_trigger();

-- name: guard_installed
SELECT count(*) FROM pg_catalog.pg_trigger WHERE tgrelid = $1::oid AND tgname = 'wayback_check_run';

-- name: capture_triggers
-- Row-level capture exists only while a session run (`run --start`) that
-- captures the table is open: untracked writes pay for its WHEN clause then.
CREATE TRIGGER wayback_capture AFTER INSERT OR UPDATE OR DELETE ON {{table}} FOR EACH ROW
  WHEN (current_setting('wayback.run', true) <> ''
        AND strpos(coalesce(current_setting('wayback.bulk', true), ''), {{token}}) = 0)
  EXECUTE FUNCTION wayback.{{function}}();

-- name: drop_capture
DROP TRIGGER IF EXISTS wayback_capture ON {{table}};

-- name: set_captures
UPDATE wayback.runs SET captures = $2::jsonb WHERE id = $1;

-- name: get_captures
SELECT coalesce(captures::text, '[]') FROM wayback.runs WHERE id = $1;

-- name: still_captured
-- Taken after the table's lock: a session run that opened since is seen.
SELECT count(*) FROM wayback.runs
WHERE status = 'open' AND kind = 'session' AND id <> $1 AND captures ? $2;

-- name: short_lock_timeout
SET LOCAL lock_timeout = '2s';

-- name: written_tables
-- Tables written in this transaction (the backend's own counters, so writes
-- made through triggers and functions are seen as soon as they happen).
SELECT relid::text FROM pg_catalog.pg_stat_xact_user_tables WHERE n_tup_ins + n_tup_upd + n_tup_del > 0;

-- name: savepoint
SAVEPOINT wayback_statement;

-- name: rollback_savepoint
ROLLBACK TO SAVEPOINT wayback_statement;

-- name: release_savepoint
RELEASE SAVEPOINT wayback_statement;

-- name: refuse_triggers
DROP TRIGGER IF EXISTS wayback_refuse_untracked ON {{table}};
CREATE TRIGGER wayback_refuse_untracked BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {{table}}
  FOR EACH STATEMENT EXECUTE FUNCTION wayback.refuse_untracked();

-- name: shape_of
SELECT wayback.shape($1::oid);

-- name: shadow_state
-- Whether the shadow is registered, and whether its packed companion exists
-- (journals made before packing lack it).
SELECT (SELECT count(*) FROM wayback.journal_shapes WHERE shadow = $1) > 0,
       pg_catalog.to_regclass('wayback.' || pg_catalog.quote_ident($2)) IS NOT NULL;

-- name: create_shadow
-- One shadow table per table and shape; no index but a BRIN on wb_seq, which
-- costs next to nothing per row (statements append in seq order).
CREATE TABLE IF NOT EXISTS wayback.{{shadow}} (
  wb_seq bigint NOT NULL, wb_has_b boolean NOT NULL, wb_has_a boolean NOT NULL, {{shadow_columns}});
CREATE INDEX IF NOT EXISTS {{shadow_index}} ON wayback.{{shadow}} USING brin (wb_seq);

-- name: create_packed
-- A shadow's packed companion: one row per large UPDATE statement, each
-- column's before and after values as two arrays in the same order
-- (packed_update). Stored uncompressed: compressing the arrays cost more CPU
-- than it saved (docs/journal.md). A journal holding packed rows is format 2:
-- an earlier wayback, which would not see them, refuses it.
CREATE TABLE IF NOT EXISTS wayback.{{packed}} (wb_seq bigint PRIMARY KEY, {{packed_columns}});
ALTER TABLE wayback.{{packed}} {{packed_storage}};
UPDATE wayback.journal_meta SET value = '2' WHERE key = 'format_version' AND value = '1';

-- name: register_shape
INSERT INTO wayback.journal_shapes (shadow, tbl, shape, columns, key) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)
ON CONFLICT (shadow) DO NOTHING;

-- name: lock_table
-- CREATE TRIGGER would take this lock anyway; taking it first serializes two
-- runs preparing the same table's capture.
LOCK TABLE {{table}} IN SHARE ROW EXCLUSIVE MODE;

-- name: raise_work_mem
-- The transition tables of a captured statement are tuplestores sized by the
-- work_mem in effect when the statement starts; at the default (4MB) those of
-- a large statement spill to temporary files and are read back from there
-- (measured: 2 s of CPU for 1,000,000 updated rows). While the run's
-- transaction captures set-based, work_mem is at least 256MB, or what the
-- setting wayback.capture_work_mem says (ALTER ROLE/DATABASE … SET; '0' keeps
-- work_mem as it is); a higher value is kept. The job's own statements see it
-- too, so a server short of memory may want it lower.
SELECT pg_catalog.set_config('work_mem', floor.size, true)
FROM (SELECT coalesce(nullif(pg_catalog.current_setting('wayback.capture_work_mem', true), ''), '256MB') AS size) floor
WHERE floor.size <> '0'
  AND pg_catalog.pg_size_bytes(pg_catalog.current_setting('work_mem')) < pg_catalog.pg_size_bytes(floor.size);

-- name: bulk_function
-- Set-based capture for statements wayback runs itself (jobs, migrations):
-- one INSERT … SELECT per statement from the transition tables into the
-- table's shadow, typed, no conversion. An UPDATE pairs old and new rows by
-- key (a full join: a statement that changes a key is a delete of the old key
-- and an insert of the new one). wayback refreshes this function before each
-- statement whose table changed shape. A change made inside one statement (a
-- DO block, a function) is caught below: that statement is journaled with
-- JSON images, which need no layout.
-- The join is by hash, in memory where it fits: the transition tables have no
-- statistics, and the planner would otherwise sort both sides (measured: a
-- merge join with two external sorts took 1.6 s for 1,000,000 rows) and JIT
-- compile for its wrong estimate.
CREATE OR REPLACE FUNCTION wayback.{{function}}() RETURNS trigger LANGUAGE plpgsql
  SET work_mem = '256MB' SET enable_mergejoin = off SET jit = off AS $wb$
DECLARE
  wb_run text := current_setting('wayback.run', true);
  wb_tbl text := TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME;
  wb_seq bigint;
  wb_rows bigint;
  wb_count bigint;
  wb_size numeric;
BEGIN
  IF wb_run IS NULL OR wb_run = '' THEN RETURN NULL; END IF;
  IF wayback.shape(TG_RELID) <> {{shape}} THEN
    wb_seq := nextval('wayback.journal_seq');
    IF TG_OP = 'INSERT' THEN
      INSERT INTO wayback.journal (run_id, seq, tbl, row_key, before, after)
      SELECT wb_run, wb_seq, wb_tbl, jsonb_build_object({{key_object_n}}), NULL, to_jsonb(n) FROM wb_new n;
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO wayback.journal (run_id, seq, tbl, row_key, before, after)
      SELECT wb_run, wb_seq, wb_tbl, jsonb_build_object({{key_object_o}}), to_jsonb(o), NULL FROM wb_old o;
    ELSE
      INSERT INTO wayback.journal (run_id, seq, tbl, row_key, before, after)
      SELECT wb_run, wb_seq, wb_tbl, jsonb_build_object({{key_object_on}}), to_jsonb(o), to_jsonb(n)
      FROM wb_old o FULL JOIN wb_new n ON {{key_join_on}};
    END IF;
    RETURN NULL;
  END IF;
  wb_seq := nextval('wayback.journal_seq');
  IF TG_OP = 'INSERT' THEN
    INSERT INTO wayback.{{shadow}} (wb_seq, wb_has_b, wb_has_a, {{a_cols}})
    SELECT wb_seq, false, true, {{n_vals}} FROM wb_new n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO wayback.{{shadow}} (wb_seq, wb_has_b, wb_has_a, {{b_cols}})
    SELECT wb_seq, true, false, {{o_vals}} FROM wb_old o;
  ELSE
{{packed_update}}
    INSERT INTO wayback.{{shadow}} (wb_seq, wb_has_b, wb_has_a, {{b_cols}}, {{a_cols}})
    SELECT wb_seq, o.{{key0}} IS NOT NULL, n.{{key0}} IS NOT NULL, {{o_vals}}, {{n_vals}}
    FROM wb_old o FULL JOIN wb_new n ON {{key_join_on}};
  END IF;
  GET DIAGNOSTICS wb_rows = ROW_COUNT;
  IF wb_rows > 0 THEN
    INSERT INTO wayback.journal_statements (seq, run_id, tbl, shadow, rows)
    VALUES (wb_seq, wb_run, wb_tbl, {{shadow_literal}}, wb_rows);
  END IF;
  RETURN NULL;
END $wb$;

-- name: packed_update
-- The UPDATE branch of bulk_function for a table whose values' sizes are
-- known without reading them (table_columns): a large statement is journaled
-- as one row of its packed shadow, each column's old and new values
-- aggregated into two arrays. PostgreSQL appends an updated row's old and new
-- tuples to the two transition tables together, so position i of every array
-- is one row; the WHERE clause checks it instead of trusting it: the key
-- arrays must be equal, or nothing is written and the statement is paired by
-- key below (a key change; a row moved between partitions whose insert a
-- trigger cancelled). Measured for 1,000,000 rows: 0.5-0.9 s instead of
-- 2.4-2.7 s for the join and one shadow row per row. Small statements gain
-- nothing; the arrays are built in memory, so a statement whose values add up
-- to more than 256 MB on either side (counted exactly, uncompressed) stays
-- row by row.
    SELECT count(*), coalesce(sum({{o_size}}), 0) INTO wb_count, wb_size FROM wb_old o;
    IF wb_count >= 1000 AND wb_size <= 268435456
       AND (SELECT coalesce(sum({{n_size}}), 0) FROM wb_new n) <= 268435456 THEN
      INSERT INTO wayback.{{packed}} (wb_seq, {{b_cols}}, {{a_cols}})
      SELECT wb_seq, o.*, n.* FROM (SELECT {{o_arrays}} FROM wb_old o) o, (SELECT {{n_arrays}} FROM wb_new n) n
      WHERE {{keys_line_up}};
      GET DIAGNOSTICS wb_rows = ROW_COUNT;
      IF wb_rows > 0 THEN
        INSERT INTO wayback.journal_statements (seq, run_id, tbl, shadow, rows)
        VALUES (wb_seq, wb_run, wb_tbl, {{packed_literal}}, wb_count);
        RETURN NULL;
      END IF;
    END IF;

-- name: bulk_triggers
CREATE TRIGGER wayback_bulk_insert AFTER INSERT ON {{table}} REFERENCING NEW TABLE AS wb_new
  FOR EACH STATEMENT EXECUTE FUNCTION wayback.{{function}}();
CREATE TRIGGER wayback_bulk_update AFTER UPDATE ON {{table}} REFERENCING OLD TABLE AS wb_old NEW TABLE AS wb_new
  FOR EACH STATEMENT EXECUTE FUNCTION wayback.{{function}}();
CREATE TRIGGER wayback_bulk_delete AFTER DELETE ON {{table}} REFERENCING OLD TABLE AS wb_old
  FOR EACH STATEMENT EXECUTE FUNCTION wayback.{{function}}();
CREATE TRIGGER wayback_bulk_truncate BEFORE TRUNCATE ON {{table}}
  FOR EACH STATEMENT EXECUTE FUNCTION wayback.refuse_truncate();

-- name: bulk_installed
SELECT count(*) FROM pg_catalog.pg_trigger WHERE tgrelid = $1::oid AND tgname = 'wayback_bulk_update';

-- name: drop_bulk
DROP TRIGGER IF EXISTS wayback_bulk_insert ON {{table}};
DROP TRIGGER IF EXISTS wayback_bulk_update ON {{table}};
DROP TRIGGER IF EXISTS wayback_bulk_delete ON {{table}};
DROP TRIGGER IF EXISTS wayback_bulk_truncate ON {{table}};

-- name: table_by_oid
SELECT c.oid::regclass::text FROM pg_catalog.pg_class c WHERE c.oid = $1::oid;

-- name: set_bulk
SELECT set_config('wayback.bulk', $1, true);

-- name: mark_session
SELECT set_config('wayback.run', $1, true);

-- name: clear_session
SELECT set_config('wayback.run', '', false);

-- name: insert_run
INSERT INTO wayback.runs (id, label, kind, status, started_at, actor, undoes)
VALUES ($1, $2, $3, 'open', $4::timestamptz, $5, $6);

-- name: finish_run
UPDATE wayback.runs SET status = $2, finished_at = $3::timestamptz, tables = $4::jsonb WHERE id = $1;

-- name: row_counts
-- Rows written per table, row-by-row capture. DISTINCT then GROUP BY hashes;
-- count(DISTINCT …) would sort every entry.
SELECT tbl, count(*) FROM (SELECT DISTINCT tbl, row_key FROM wayback.journal WHERE run_id = $1) d GROUP BY tbl;

-- name: statement_counts
-- Rows written per table, set-based capture: a statement writes a row once,
-- so a table written by one statement needs no DISTINCT.
SELECT tbl, count(*), sum(rows)::bigint FROM wayback.journal_statements WHERE run_id = $1 GROUP BY tbl;

-- name: distinct_keys
SELECT count(*) FROM (SELECT DISTINCT row_key FROM ({{source}}) j WHERE j.tbl = $2) d;

-- name: run_shadows
-- A statement's rows are in its shadow (s_<hash>) or, packed, in the shadow's
-- packed companion (p_<hash>, the same hash): both are reported as the shadow.
SELECT s.tbl, sh.shadow, sh.columns::text, sh.key::text, sh.shape, array_agg(s.seq ORDER BY s.seq)::text,
       sum(s.rows)::bigint, bool_or(s.shadow <> sh.shadow)
FROM wayback.journal_statements s JOIN wayback.journal_shapes sh ON sh.shadow = 's' || substr(s.shadow, 2)
WHERE s.run_id = $1 GROUP BY s.tbl, sh.shadow, sh.columns::text, sh.key::text, sh.shape ORDER BY 1, 2;

-- name: set_status
UPDATE wayback.runs SET status = $2 WHERE id = $1;

-- name: get_run
SELECT id, label, kind, status,
       to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       coalesce(to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), ''),
       actor, coalesce(undoes, ''), CASE WHEN expired_at IS NULL THEN '0' ELSE '1' END,
       coalesce(tables::text, '{}')
FROM wayback.runs WHERE id = $1;

-- name: list_runs
SELECT id, label, kind, status,
       to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       coalesce(to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), ''),
       actor, coalesce(undoes, ''), CASE WHEN expired_at IS NULL THEN '0' ELSE '1' END,
       coalesce(tables::text, '{}')
FROM wayback.runs ORDER BY started_at DESC, id DESC;

-- name: journal_tables
SELECT tbl FROM wayback.journal WHERE run_id = $1
UNION SELECT tbl FROM wayback.journal_statements WHERE run_id = $1 ORDER BY 1;

-- name: row_tables
SELECT DISTINCT tbl FROM wayback.journal WHERE run_id = $1;

-- name: undo_prepare
CREATE TEMP TABLE IF NOT EXISTS wb_undo (tbl text, row_key jsonb, before jsonb, after jsonb, cur jsonb, cls text);
TRUNCATE wb_undo;

-- name: undo_collapse
-- Per row: the before-image of its first entry, the after-image of its last.
-- One sort with window functions; ordered aggregates (array_agg … ORDER BY)
-- would sort once per row. The source is the run's journal as JSON images.
INSERT INTO wb_undo (tbl, row_key, before, after)
SELECT tbl, row_key, before, after FROM (
  SELECT tbl, row_key,
         first_value(before) OVER w AS before, last_value(after) OVER w AS after,
         row_number() OVER w AS wb_n
  FROM ({{source}}) j
  WINDOW w AS (PARTITION BY tbl, row_key ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) e
WHERE wb_n = 1;

-- name: undo_plan
-- Collapse and classify one table in a single pass. What the row holds now
-- decides: the run's after-image → reverse it; the before-image → nothing to
-- do; gone where the run deleted it → re-insert; anything else was written
-- since → a conflict.
INSERT INTO wb_undo (tbl, row_key, before, after, cur, cls)
SELECT $1, r.row_key, r.before, r.after, to_jsonb(t), CASE
    WHEN r.before IS NULL AND r.after IS NULL THEN 'unchanged'
    WHEN to_jsonb(t) IS NOT DISTINCT FROM r.before THEN 'unchanged'
    WHEN r.after IS NOT NULL AND to_jsonb(t) = r.after THEN CASE WHEN r.before IS NULL THEN 'delete' ELSE 'restore' END
    WHEN r.after IS NULL AND to_jsonb(t) IS NULL THEN 'reinsert'
    ELSE 'conflict' END
FROM (SELECT e.row_key, e.before, e.after, jsonb_populate_record(NULL::{{table}}, e.row_key) AS wb_row
      FROM (SELECT row_key, first_value(before) OVER w AS before, last_value(after) OVER w AS after,
                   row_number() OVER w AS wb_n
            FROM ({{source}}) j WHERE j.tbl = $1
            WINDOW w AS (PARTITION BY row_key ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) e
      WHERE e.wb_n = 1) r
LEFT JOIN {{table}} t ON {{key_match_t}};

-- name: undo_gone_table
UPDATE wb_undo SET cls = 'conflict' WHERE tbl = $1;

-- name: undo_restore
-- Re-checks the after-image in the UPDATE itself: a row changed by a
-- concurrent session after classification is left alone (READ COMMITTED
-- re-evaluates the condition on the newest row version).
WITH d AS (
  UPDATE {{table}} AS t SET {{set_list}}
  FROM (SELECT after AS wb_after, jsonb_populate_record(NULL::{{table}}, before) AS wb_row
        FROM wb_undo WHERE tbl = $1 AND cls = $2) r
  WHERE {{key_match_t}} AND to_jsonb(t) = r.wb_after
  RETURNING 1)
SELECT count(*) FROM d;

-- name: undo_delete
WITH d AS (
  DELETE FROM {{table}} AS t
  USING (SELECT after AS wb_after, jsonb_populate_record(NULL::{{table}}, after) AS wb_row
         FROM wb_undo WHERE tbl = $1 AND cls = 'delete') r
  WHERE {{key_match_t}} AND to_jsonb(t) = r.wb_after
  RETURNING 1)
SELECT count(*) FROM d;

-- name: undo_reinsert
WITH d AS (
  INSERT INTO {{table}} ({{columns}}) OVERRIDING SYSTEM VALUE
  SELECT {{row_columns}} FROM (SELECT jsonb_populate_record(NULL::{{table}}, before) AS wb_row
                               FROM wb_undo WHERE tbl = $1 AND cls = 'reinsert') r
  ON CONFLICT DO NOTHING
  RETURNING 1)
SELECT count(*) FROM d;

-- name: undo_recheck
-- Rows the apply step skipped because a concurrent write got there first:
-- they are conflicts, with what they hold now.
UPDATE wb_undo u SET cls = 'conflict', cur = c.wb_cur
FROM (SELECT r.row_key, to_jsonb(t) AS wb_cur
      FROM (SELECT row_key, jsonb_populate_record(NULL::{{table}}, row_key) AS wb_row FROM wb_undo
            WHERE tbl = $1 AND cls IN ('restore', 'delete', 'reinsert')) r
      LEFT JOIN {{table}} t ON {{key_match_t}}) c
WHERE u.tbl = $1 AND u.row_key = c.row_key AND u.cls IN ('restore', 'delete', 'reinsert')
  AND c.wb_cur IS DISTINCT FROM u.before;

-- name: fast_collapse
-- Several statements of the run wrote the table: per row, the before-image of
-- its first entry and the after-image of its last.
CREATE TEMP TABLE {{temp}} ON COMMIT DROP AS
SELECT f.wb_has_b, l.wb_has_a, {{f_b_cols}}, {{l_a_cols}} FROM
  (SELECT DISTINCT ON ({{key_exprs}}) {{key_named}}, s.wb_has_b, {{b_vals}} FROM ({{rows}}) s
   ORDER BY {{key_exprs}}, s.wb_seq) f
  JOIN (SELECT DISTINCT ON ({{key_exprs}}) {{key_named}}, s.wb_has_a, {{a_vals}} FROM ({{rows}}) s
        ORDER BY {{key_exprs}}, s.wb_seq DESC) l USING ({{key_names}});

-- name: fast_tally
-- Which statements the undo needs: entries of the run, and how many of them
-- the run updated, inserted and deleted. No image is compared here (that took
-- 0.6-0.9 s for 1,000,000 entries): the apply statements compare what they
-- touch, and the conflict pass runs unless they wrote every entry.
SELECT count(*),
       count(*) FILTER (WHERE s.wb_has_b AND s.wb_has_a),
       count(*) FILTER (WHERE NOT s.wb_has_b AND s.wb_has_a),
       count(*) FILTER (WHERE s.wb_has_b AND NOT s.wb_has_a)
FROM ({{source}}) AS s;

-- name: vacuum_before_undo
-- Outside the undo's transaction: the run's dead row versions are cleared so
-- that the undo's new ones reuse their space on the same pages (HOT updates:
-- no index entries, no table growth) instead of extending the table. Never
-- waits: a table another session is vacuuming is skipped.
VACUUM (SKIP_LOCKED) {{table}};

-- name: analyze
-- The planner needs to know the shadow's size to join it by hash, not by a
-- million index probes.
ANALYZE {{relation}};

-- name: table_size_estimate
SELECT reltuples::bigint FROM pg_catalog.pg_class WHERE oid = $1::oid;

-- name: prefer_hash_joins
-- For the unpacked rows of a packed statement. PostgreSQL 15 cannot know how
-- long an array is before reading it and takes each for 10 values: joined to
-- the table, 1,000,000 unpacked rows got a nested loop probing the key index
-- once per row (9.3 s against 1 s by hash, measured). Set while such an undo
-- restores a large part of its table, reset after (planner_defaults).
SELECT pg_catalog.set_config('enable_nestloop', 'off', true), pg_catalog.set_config('enable_mergejoin', 'off', true);

-- name: avoid_nested_loops
-- For the collapse of a run with packed statements: both sides of its join
-- are the run's rows, which the planner takes for a handful when they come
-- from arrays. Reset after (planner_defaults).
SELECT pg_catalog.set_config('enable_nestloop', 'off', true);

-- name: planner_defaults
SELECT pg_catalog.set_config(name, reset_val, true) FROM pg_catalog.pg_settings
WHERE name IN ('enable_nestloop', 'enable_mergejoin');

-- name: fast_restore
-- Set-based undo of rows the run updated, for a table whose columns are as
-- the run left them. The WHERE clause is the after-image check: a row
-- changed since the run, or by a concurrent session while this runs (READ
-- COMMITTED re-evaluates it on the newest row version), is left alone. The
-- undo's own journal is the run's images swapped: before = what the row held
-- (the run's after-image, just checked), after = what it holds now (RETURNING,
-- so a BEFORE trigger's change is journaled too).
-- The journal goes into the shadow row by row (restore_journal_rows) or, when
-- the run's statement was packed, as one packed row (restore_journal_packed).
WITH r ({{b_cols}}, {{a_cols}}) AS (
  UPDATE {{table}} AS t SET {{set_from_b}}
  FROM ({{source}}) AS s
  WHERE s.wb_has_b AND s.wb_has_a AND {{key_match_a}} AND {{t_is_a}} AND NOT {{a_is_b}}
  RETURNING {{a_vals}}, {{t_vals}}),
i AS ({{restore_journal}})
SELECT count(*) FROM r;

-- name: restore_journal_rows
INSERT INTO wayback.{{shadow}} (wb_seq, wb_has_b, wb_has_a, {{b_cols}}, {{a_cols}})
SELECT $2::bigint, true, true, r.* FROM r

-- name: restore_journal_packed
-- Both images of a row come from one RETURNING row: aligned by construction.
INSERT INTO wayback.{{packed}} (wb_seq, {{b_cols}}, {{a_cols}})
SELECT $2::bigint, {{r_arrays}} FROM r HAVING count(*) > 0

-- name: fast_delete
WITH d AS (
  DELETE FROM {{table}} AS t USING ({{source}}) AS s
  WHERE NOT s.wb_has_b AND s.wb_has_a AND {{key_match_a}} AND {{t_is_a}}
  RETURNING {{a_vals}}),
i AS (
  INSERT INTO wayback.{{shadow}} (wb_seq, wb_has_b, wb_has_a, {{b_cols}})
  SELECT $2::bigint, true, false, d.* FROM d RETURNING 1)
SELECT count(*) FROM i;

-- name: fast_reinsert
WITH n AS (
  INSERT INTO {{table}} AS t ({{columns}}) OVERRIDING SYSTEM VALUE
  SELECT {{b_writable}} FROM ({{source}}) AS s WHERE s.wb_has_b AND NOT s.wb_has_a
  ON CONFLICT DO NOTHING
  RETURNING {{t_vals}}),
i AS (
  INSERT INTO wayback.{{shadow}} (wb_seq, wb_has_b, wb_has_a, {{a_cols}})
  SELECT $2::bigint, false, true, n.* FROM n RETURNING 1)
SELECT count(*) FROM i;

-- name: fast_conflicts
-- After the apply: a row of the run that the undo did not write ($3: the
-- undo's statement) and that does not hold what the undo wants (its
-- before-image, or nothing where the run inserted it) was written by someone
-- else since the run. It is a conflict, listed with the images. (Rows the undo
-- wrote are excluded by key, not compared: a BEFORE trigger may have changed
-- them on the way in.) NOT IN over keys, which are never NULL, is a hashed
-- subplan whatever the planner guesses of the undo's rows; a NOT EXISTS
-- anti-join could be planned as a nested loop when they come unpacked from
-- arrays (PostgreSQL 15 takes an unnested array for 10 values).
WITH c AS (
  INSERT INTO wb_undo (tbl, row_key, before, after, cur, cls)
  SELECT $2::text, {{key_json}}, CASE WHEN s.wb_has_b THEN {{b_json}} END, CASE WHEN s.wb_has_a THEN {{a_json}} END,
         to_jsonb(t), 'conflict'
  FROM ({{source}}) AS s LEFT JOIN {{table}} AS t ON {{key_match_either}}
  WHERE CASE WHEN s.wb_has_b THEN t.{{key0}} IS NULL OR NOT {{t_is_b}}
             WHEN s.wb_has_a THEN t.{{key0}} IS NOT NULL
             ELSE false END
    AND ({{key_exprs}}) NOT IN (SELECT {{undo_key_exprs}} FROM ({{undo_rows}}) AS u)
  RETURNING 1)
SELECT count(*) FROM c;

-- name: record_statement
INSERT INTO wayback.journal_statements (seq, run_id, tbl, shadow, rows) VALUES ($1, $2, $3, $4, $5);

-- name: next_seq
SELECT nextval('wayback.journal_seq');

-- name: force_update
WITH d AS (
  UPDATE {{table}} AS t SET {{set_list}}
  FROM (SELECT jsonb_populate_record(NULL::{{table}}, before) AS wb_row
        FROM wb_undo WHERE tbl = $1 AND cls = 'conflict' AND before IS NOT NULL) r
  WHERE {{key_match_t}}
  RETURNING 1)
SELECT count(*) FROM d;

-- name: force_insert
WITH d AS (
  INSERT INTO {{table}} ({{columns}}) OVERRIDING SYSTEM VALUE
  SELECT {{row_columns}} FROM (SELECT jsonb_populate_record(NULL::{{table}}, before) AS wb_row
                               FROM wb_undo WHERE tbl = $1 AND cls = 'conflict' AND before IS NOT NULL) r
  ON CONFLICT DO NOTHING
  RETURNING 1)
SELECT count(*) FROM d;

-- name: force_delete
WITH d AS (
  DELETE FROM {{table}} AS t
  USING (SELECT jsonb_populate_record(NULL::{{table}}, row_key) AS wb_row
         FROM wb_undo WHERE tbl = $1 AND cls = 'conflict' AND before IS NULL) r
  WHERE {{key_match_t}}
  RETURNING 1)
SELECT count(*) FROM d;

-- name: undo_counts
SELECT cls, count(*) FROM wb_undo GROUP BY cls;

-- name: undo_conflicts
SELECT tbl, row_key::text, coalesce(after::text, 'null'), coalesce(cur::text, 'null'), coalesce(before::text, 'null')
FROM wb_undo WHERE cls = 'conflict' ORDER BY tbl, row_key LIMIT $1::bigint;

-- name: undo_changes
SELECT tbl, row_key::text, cls, coalesce(cur::text, 'null'), coalesce(before::text, 'null')
FROM wb_undo WHERE cls IN ('restore', 'delete', 'reinsert') ORDER BY tbl, row_key LIMIT $1::bigint;

-- name: prune_candidates
SELECT id FROM wayback.runs
WHERE expired_at IS NULL AND status <> 'open' AND finished_at < now() - make_interval(secs => $1::bigint / 1000.0)
ORDER BY started_at;

-- name: prune_run
WITH d AS (DELETE FROM wayback.journal WHERE run_id = $1 RETURNING 1)
SELECT count(*) FROM d;

-- name: prune_shadow
WITH d AS (DELETE FROM wayback.{{shadow}} WHERE wb_seq = ANY ($1::bigint[]) RETURNING 1)
SELECT count(*) FROM d;

-- name: prune_packed
-- A packed row holds one entry per array position.
WITH d AS (DELETE FROM wayback.{{packed}} WHERE wb_seq = ANY ($1::bigint[]) RETURNING pg_catalog.cardinality(b1) AS n)
SELECT coalesce(sum(n), 0) FROM d;

-- name: prune_statements
DELETE FROM wayback.journal_statements WHERE run_id = $1;

-- name: expire_run
UPDATE wayback.runs SET expired_at = now() WHERE id = $1;

-- name: migration_run
-- The up run of a migration, for its down (docs/journal.md, "Migrations").
SELECT id FROM wayback.runs
WHERE kind = 'migration' AND label = $1 AND status = 'done' AND expired_at IS NULL
ORDER BY started_at DESC, id DESC LIMIT 1;

-- name: migration_up_runs
-- Every migration's latest up run, for a down of many migrations at once.
SELECT label, id FROM wayback.runs
WHERE kind = 'migration' AND status = 'done' AND expired_at IS NULL
ORDER BY started_at, id;

-- name: after_keys
SELECT DISTINCT jsonb_object_keys(after) FROM wb_undo WHERE tbl = $1 AND after IS NOT NULL;

-- name: migration_classify
-- A row the up updated is restored after the down only if nobody changed it
-- since: every column of the up's after-image that still exists holds the
-- same value ($2: the after-image columns that no longer exist, as JSON).
UPDATE wb_undo u SET cls = CASE
    WHEN u.before IS NULL OR u.after IS NULL THEN 'skip'
    WHEN c.wb_cur IS NOT NULL
         AND (u.after - ARRAY(SELECT jsonb_array_elements_text($2::jsonb))) <@ c.wb_cur THEN 'restore'
    ELSE 'conflict' END
FROM (SELECT r.row_key, to_jsonb(t) AS wb_cur
      FROM (SELECT row_key, jsonb_populate_record(NULL::{{table}}, row_key) AS wb_row FROM wb_undo WHERE tbl = $1) r
      LEFT JOIN {{table}} t ON {{key_match_t}}) c
WHERE u.tbl = $1 AND u.row_key = c.row_key;

-- name: migration_restore
WITH d AS (
  UPDATE {{table}} AS t SET {{set_list}}
  FROM (SELECT jsonb_populate_record(NULL::{{table}}, before) AS wb_row
        FROM wb_undo WHERE tbl = $1 AND cls = 'restore') r
  WHERE {{key_match_t}}
  RETURNING 1)
SELECT count(*) FROM d;

-- name: before_keys
SELECT DISTINCT jsonb_object_keys(before) FROM wb_undo WHERE tbl = $1 AND cls = 'restore';

-- name: undo_collapse_table
-- A table that no longer exists: its rows are collapsed for the report only.
INSERT INTO wb_undo (tbl, row_key, before, after)
SELECT tbl, row_key, before, after FROM (
  SELECT tbl, row_key,
         first_value(before) OVER w AS before, last_value(after) OVER w AS after,
         row_number() OVER w AS wb_n
  FROM ({{source}}) j WHERE j.tbl = $2
  WINDOW w AS (PARTITION BY row_key ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) e
WHERE wb_n = 1;

-- name: disable_row_capture
-- While a set-based capture covers the table (and its lock is held), the
-- row-level one would only evaluate its WHEN clause for every row.
ALTER TABLE {{table}} DISABLE TRIGGER wayback_capture;

-- name: enable_row_capture
ALTER TABLE {{table}} ENABLE TRIGGER wayback_capture;
