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
  tables      jsonb                   -- {"schema.table": rows} summary, kept after prune
);
-- One row per written row per statement. seq orders statements of a run (all
-- rows of one statement share it: a statement writes each row at most once).
CREATE TABLE IF NOT EXISTS wayback.journal (
  run_id  text NOT NULL,
  seq     bigint NOT NULL,
  tbl     text NOT NULL,              -- schema.table, unquoted
  row_key jsonb NOT NULL,             -- the key columns
  before  jsonb,                      -- NULL: the statement inserted the row
  after   jsonb                       -- NULL: the statement deleted the row
);
-- BRIN, not btree: run ids grow with time and entries are appended, so a
-- block range summary finds a run's entries while costing next to nothing
-- per journaled row (a btree entry per row measurably slowed tracked writes).
CREATE INDEX IF NOT EXISTS journal_run ON wayback.journal USING brin (run_id);
CREATE SEQUENCE IF NOT EXISTS wayback.journal_seq;
-- Called once per captured statement: writes under a run id that is not open
-- are refused rather than journaled into nowhere.
CREATE OR REPLACE FUNCTION wayback.check_run(run text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM wayback.runs WHERE id = run AND status = 'open') THEN
    RAISE EXCEPTION 'wayback.run is set to ''%'', which is not an open run', run
      USING HINT = 'start a run with `wayback run --start`, or RESET wayback.run';
  END IF;
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
SELECT attname FROM pg_catalog.pg_attribute
WHERE attrelid = $1::oid AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
ORDER BY attnum;

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
SELECT count(*) FROM pg_catalog.pg_trigger WHERE tgrelid = $1::oid AND tgname = 'wayback_capture_update';

-- name: refuse_installed
SELECT count(*) FROM pg_catalog.pg_trigger WHERE tgrelid = $1::oid AND tgname = 'wayback_refuse_untracked';

-- name: capture_function
-- Statement-level capture (docs/journal.md explains the choice): one INSERT …
-- SELECT per statement from the transition tables. An UPDATE is paired by key
-- with a full join, so an update that changes the key is journaled as a
-- delete of the old key and an insert of the new one.
CREATE OR REPLACE FUNCTION wayback.{{function}}() RETURNS trigger LANGUAGE plpgsql AS $wb$
DECLARE
  wb_run text := current_setting('wayback.run', true);
  wb_seq bigint;
BEGIN
  IF wb_run IS NULL OR wb_run = '' THEN RETURN NULL; END IF;
  PERFORM wayback.check_run(wb_run);
  wb_seq := nextval('wayback.journal_seq');
  IF TG_OP = 'INSERT' THEN
    INSERT INTO wayback.journal (run_id, seq, tbl, row_key, before, after)
    SELECT wb_run, wb_seq, TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, jsonb_build_object({{key_object_n}}), NULL, to_jsonb(n)
    FROM wb_new n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO wayback.journal (run_id, seq, tbl, row_key, before, after)
    SELECT wb_run, wb_seq, TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, jsonb_build_object({{key_object_o}}), to_jsonb(o), NULL
    FROM wb_old o;
  ELSE
    INSERT INTO wayback.journal (run_id, seq, tbl, row_key, before, after)
    SELECT wb_run, wb_seq, TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, jsonb_build_object({{key_object_on}}), to_jsonb(o), to_jsonb(n)
    FROM wb_old o FULL JOIN wb_new n ON {{key_join_on}};
  END IF;
  RETURN NULL;
END $wb$;

-- name: capture_triggers
DROP TRIGGER IF EXISTS wayback_capture_insert ON {{table}};
DROP TRIGGER IF EXISTS wayback_capture_update ON {{table}};
DROP TRIGGER IF EXISTS wayback_capture_delete ON {{table}};
DROP TRIGGER IF EXISTS wayback_refuse_truncate ON {{table}};
DROP TRIGGER IF EXISTS wayback_refuse_untracked ON {{table}};
CREATE TRIGGER wayback_capture_insert AFTER INSERT ON {{table}} REFERENCING NEW TABLE AS wb_new
  FOR EACH STATEMENT EXECUTE FUNCTION wayback.{{function}}();
CREATE TRIGGER wayback_capture_update AFTER UPDATE ON {{table}} REFERENCING OLD TABLE AS wb_old NEW TABLE AS wb_new
  FOR EACH STATEMENT EXECUTE FUNCTION wayback.{{function}}();
CREATE TRIGGER wayback_capture_delete AFTER DELETE ON {{table}} REFERENCING OLD TABLE AS wb_old
  FOR EACH STATEMENT EXECUTE FUNCTION wayback.{{function}}();
CREATE TRIGGER wayback_refuse_truncate BEFORE TRUNCATE ON {{table}}
  FOR EACH STATEMENT EXECUTE FUNCTION wayback.refuse_truncate();

-- name: refuse_triggers
DROP TRIGGER IF EXISTS wayback_refuse_untracked ON {{table}};
CREATE TRIGGER wayback_refuse_untracked BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {{table}}
  FOR EACH STATEMENT EXECUTE FUNCTION wayback.refuse_untracked();

-- name: mark_session
SELECT set_config('wayback.run', $1, true);

-- name: clear_session
SELECT set_config('wayback.run', '', false);

-- name: insert_run
INSERT INTO wayback.runs (id, label, kind, status, started_at, actor, undoes)
VALUES ($1, $2, $3, 'open', $4::timestamptz, $5, $6);

-- name: finish_run
UPDATE wayback.runs SET status = $2, finished_at = $3::timestamptz,
  -- DISTINCT then GROUP BY hashes; count(DISTINCT …) would sort every entry.
  tables = (SELECT coalesce(jsonb_object_agg(tbl, n), '{}'::jsonb) FROM
            (SELECT tbl, count(*) AS n FROM (SELECT DISTINCT tbl, row_key FROM wayback.journal WHERE run_id = $1) d
             GROUP BY tbl) t)
WHERE id = $1;

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

-- name: open_run_tables
SELECT tbl, count(*) FROM (SELECT DISTINCT tbl, row_key FROM wayback.journal WHERE run_id = $1) d
GROUP BY tbl ORDER BY tbl;

-- name: journal_tables
SELECT DISTINCT tbl FROM wayback.journal WHERE run_id = $1 ORDER BY tbl;

-- name: undo_prepare
CREATE TEMP TABLE IF NOT EXISTS wb_undo (tbl text, row_key jsonb, before jsonb, after jsonb, cur jsonb, cls text);
TRUNCATE wb_undo;

-- name: undo_collapse
-- Per row: the before-image of its first entry, the after-image of its last.
-- One sort with window functions; ordered aggregates (array_agg … ORDER BY)
-- would sort once per row.
INSERT INTO wb_undo (tbl, row_key, before, after)
SELECT tbl, row_key, before, after FROM (
  SELECT tbl, row_key,
         first_value(before) OVER w AS before, last_value(after) OVER w AS after,
         row_number() OVER w AS wb_n
  FROM wayback.journal WHERE run_id = $1
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
            FROM wayback.journal WHERE run_id = $2 AND tbl = $1
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

-- name: expire_run
UPDATE wayback.runs SET expired_at = now() WHERE id = $1;

-- name: journal_images
-- For migrations: the before-images a run journaled, first per row.
SELECT tbl, row_key::text, (array_agg(before ORDER BY seq))[1]::text
FROM wayback.journal WHERE run_id = $1 GROUP BY tbl, row_key;

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

-- name: drop_capture
DROP TRIGGER IF EXISTS wayback_capture_insert ON {{table}};
DROP TRIGGER IF EXISTS wayback_capture_update ON {{table}};
DROP TRIGGER IF EXISTS wayback_capture_delete ON {{table}};
DROP TRIGGER IF EXISTS wayback_refuse_truncate ON {{table}};

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
  FROM wayback.journal WHERE run_id = $1 AND tbl = $2
  WINDOW w AS (PARTITION BY row_key ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) e
WHERE wb_n = 1;
