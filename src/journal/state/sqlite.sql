-- wayback journal on SQLite: tables wayback_runs and wayback_journal in the
-- target database. Format version 1; see docs/journal.md. Each section is one
-- named query; {{name}} placeholders are filled with identifiers quoted by
-- wayback (src/journal/sql_text.h); values are bound (?1, ?2 …).

-- name: exists
SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'wayback_runs';

-- name: create
CREATE TABLE IF NOT EXISTS wayback_journal_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS wayback_runs (
  id          TEXT PRIMARY KEY,
  label       TEXT NOT NULL DEFAULT '',
  kind        TEXT NOT NULL,
  status      TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  actor       TEXT NOT NULL,
  undoes      TEXT,
  expired_at  TEXT,
  tables      TEXT
);
-- One row per written row; seq orders the entries of a run.
CREATE TABLE IF NOT EXISTS wayback_journal (
  seq     INTEGER PRIMARY KEY,
  run_id  TEXT NOT NULL,
  tbl     TEXT NOT NULL,
  row_key TEXT NOT NULL,
  before  TEXT,
  after   TEXT
);
CREATE INDEX IF NOT EXISTS wayback_journal_row ON wayback_journal (run_id, tbl, row_key, seq);
INSERT OR IGNORE INTO wayback_journal_meta (key, value) VALUES ('format_version', '1');

-- name: format_version
SELECT value FROM wayback_journal_meta WHERE key = 'format_version';

-- name: list_tables
SELECT '', name, name FROM sqlite_master
WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT LIKE 'wayback\_%' ESCAPE '\'
ORDER BY name;

-- name: find_table
SELECT '', name, name FROM sqlite_master WHERE type = 'table' AND name = ?1;

-- name: table_columns
SELECT name FROM pragma_table_xinfo(?1) WHERE hidden = 0 ORDER BY cid;

-- name: table_key
-- The primary key, else the first unique index (not partial) whose columns
-- are all NOT NULL.
SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk;

-- name: unique_indexes
SELECT name FROM pragma_index_list(?1) WHERE "unique" = 1 AND partial = 0 ORDER BY seq;

-- name: index_columns
SELECT ii.name, coalesce(ti."notnull", 0) FROM pragma_index_info(?1) ii
LEFT JOIN pragma_table_info(?2) ti ON ti.name = ii.name ORDER BY ii.seqno;

-- name: capture_session
CREATE TEMP TABLE IF NOT EXISTS wayback_session (run_id TEXT NOT NULL);
DELETE FROM temp.wayback_session;

-- name: mark_session
INSERT INTO temp.wayback_session (run_id) VALUES (?1);

-- name: clear_session
DELETE FROM temp.wayback_session;

-- name: capture_triggers
-- TEMP triggers: they exist only on the run's own connection, so no other
-- connection pays anything for them.
CREATE TEMP TRIGGER IF NOT EXISTS {{prefix}}_i AFTER INSERT ON main.{{table}} BEGIN
  INSERT INTO wayback_journal (run_id, tbl, row_key, before, after)
  VALUES ((SELECT run_id FROM wayback_session), {{label}}, json_object({{key_new}}), NULL, json_object({{cols_new}}));
END;
CREATE TEMP TRIGGER IF NOT EXISTS {{prefix}}_u AFTER UPDATE ON main.{{table}} WHEN {{key_same}} BEGIN
  INSERT INTO wayback_journal (run_id, tbl, row_key, before, after)
  VALUES ((SELECT run_id FROM wayback_session), {{label}}, json_object({{key_new}}), json_object({{cols_old}}),
          json_object({{cols_new}}));
END;
CREATE TEMP TRIGGER IF NOT EXISTS {{prefix}}_k AFTER UPDATE ON main.{{table}} WHEN NOT ({{key_same}}) BEGIN
  INSERT INTO wayback_journal (run_id, tbl, row_key, before, after)
  VALUES ((SELECT run_id FROM wayback_session), {{label}}, json_object({{key_old}}), json_object({{cols_old}}), NULL);
  INSERT INTO wayback_journal (run_id, tbl, row_key, before, after)
  VALUES ((SELECT run_id FROM wayback_session), {{label}}, json_object({{key_new}}), NULL, json_object({{cols_new}}));
END;
CREATE TEMP TRIGGER IF NOT EXISTS {{prefix}}_d AFTER DELETE ON main.{{table}} BEGIN
  INSERT INTO wayback_journal (run_id, tbl, row_key, before, after)
  VALUES ((SELECT run_id FROM wayback_session), {{label}}, json_object({{key_old}}), json_object({{cols_old}}), NULL);
END;

-- name: refuse_triggers
CREATE TEMP TRIGGER IF NOT EXISTS {{prefix}}_ri BEFORE INSERT ON main.{{table}} BEGIN SELECT RAISE(ABORT, {{message}}); END;
CREATE TEMP TRIGGER IF NOT EXISTS {{prefix}}_ru BEFORE UPDATE ON main.{{table}} BEGIN SELECT RAISE(ABORT, {{message}}); END;
CREATE TEMP TRIGGER IF NOT EXISTS {{prefix}}_rd BEFORE DELETE ON main.{{table}} BEGIN SELECT RAISE(ABORT, {{message}}); END;

-- name: temp_triggers
SELECT name FROM sqlite_temp_master WHERE type = 'trigger' AND name LIKE 'wayback\_cap\_%' ESCAPE '\';

-- name: insert_run
INSERT INTO wayback_runs (id, label, kind, status, started_at, actor, undoes) VALUES (?1, ?2, ?3, 'open', ?4, ?5, ?6);

-- name: finish_run
UPDATE wayback_runs SET status = ?2, finished_at = ?3,
  tables = (SELECT coalesce(json_group_object(tbl, n), '{}') FROM
            (SELECT tbl, count(DISTINCT row_key) AS n FROM wayback_journal WHERE run_id = ?1 GROUP BY tbl ORDER BY tbl))
WHERE id = ?1;

-- name: set_status
UPDATE wayback_runs SET status = ?2 WHERE id = ?1;

-- name: get_run
SELECT id, label, kind, status, started_at, coalesce(finished_at, ''), actor, coalesce(undoes, ''),
       CASE WHEN expired_at IS NULL THEN '0' ELSE '1' END, coalesce(tables, '{}')
FROM wayback_runs WHERE id = ?1;

-- name: list_runs
SELECT id, label, kind, status, started_at, coalesce(finished_at, ''), actor, coalesce(undoes, ''),
       CASE WHEN expired_at IS NULL THEN '0' ELSE '1' END, coalesce(tables, '{}')
FROM wayback_runs ORDER BY started_at DESC, id DESC;

-- name: open_run_tables
SELECT tbl, count(DISTINCT row_key) FROM wayback_journal WHERE run_id = ?1 GROUP BY tbl ORDER BY tbl;

-- name: journal_tables
SELECT DISTINCT tbl FROM wayback_journal WHERE run_id = ?1 ORDER BY tbl;

-- name: undo_prepare
CREATE TEMP TABLE IF NOT EXISTS wb_undo (tbl TEXT, row_key TEXT, before TEXT, after TEXT, cur TEXT, cls TEXT);
DELETE FROM temp.wb_undo;

-- name: undo_collapse
-- Per row: the before-image of its first entry, the after-image of its last.
INSERT INTO temp.wb_undo (tbl, row_key, before, after)
SELECT j.tbl, j.row_key,
  (SELECT f.before FROM wayback_journal f WHERE f.run_id = j.run_id AND f.tbl = j.tbl AND f.row_key = j.row_key
   ORDER BY f.seq LIMIT 1),
  (SELECT l.after FROM wayback_journal l WHERE l.run_id = j.run_id AND l.tbl = j.tbl AND l.row_key = j.row_key
   ORDER BY l.seq DESC LIMIT 1)
FROM wayback_journal j WHERE j.run_id = ?1 GROUP BY j.tbl, j.row_key;

-- name: undo_current
UPDATE temp.wb_undo SET cur = (SELECT json_object({{cols_t}}) FROM main.{{table}} AS t WHERE {{key_match_u}})
WHERE tbl = ?1;

-- name: undo_classify
-- What the row holds now decides: the run's after-image → reverse it; the
-- before-image → nothing to do; gone where the run deleted it → re-insert;
-- anything else was written since → a conflict.
UPDATE temp.wb_undo SET cls = CASE
    WHEN before IS NULL AND after IS NULL THEN 'unchanged'
    WHEN cur IS before THEN 'unchanged'
    WHEN after IS NOT NULL AND cur = after THEN CASE WHEN before IS NULL THEN 'delete' ELSE 'restore' END
    WHEN after IS NULL AND cur IS NULL THEN 'reinsert'
    ELSE 'conflict' END
WHERE tbl = ?1;

-- name: undo_gone_table
UPDATE temp.wb_undo SET cls = 'conflict' WHERE tbl = ?1;

-- name: undo_restore
-- The writer lock (BEGIN IMMEDIATE) keeps every other connection out between
-- classification and apply, so the after-image check needs no repeat here.
UPDATE main.{{table}} AS t SET {{set_list}} FROM temp.wb_undo AS r
WHERE r.tbl = ?1 AND r.cls = ?2 AND {{key_match_r}};

-- name: undo_delete
DELETE FROM main.{{table}} AS t
WHERE EXISTS (SELECT 1 FROM temp.wb_undo AS r WHERE r.tbl = ?1 AND r.cls = 'delete' AND {{key_match_r}});

-- name: undo_reinsert
INSERT INTO main.{{table}} ({{columns}})
SELECT {{before_columns}} FROM temp.wb_undo AS r WHERE r.tbl = ?1 AND r.cls = 'reinsert'
ON CONFLICT DO NOTHING;

-- name: changes
SELECT changes();

-- name: force_update
UPDATE main.{{table}} AS t SET {{set_list}} FROM temp.wb_undo AS r
WHERE r.tbl = ?1 AND r.cls = 'conflict' AND r.before IS NOT NULL AND {{key_match_r}};

-- name: force_insert
INSERT INTO main.{{table}} ({{columns}})
SELECT {{before_columns}} FROM temp.wb_undo AS r WHERE r.tbl = ?1 AND r.cls = 'conflict' AND r.before IS NOT NULL
ON CONFLICT DO NOTHING;

-- name: force_delete
DELETE FROM main.{{table}} AS t
WHERE EXISTS (SELECT 1 FROM temp.wb_undo AS r WHERE r.tbl = ?1 AND r.cls = 'conflict' AND r.before IS NULL
              AND {{key_match_r}});

-- name: undo_counts
SELECT cls, count(*) FROM temp.wb_undo GROUP BY cls;

-- name: undo_conflicts
SELECT tbl, row_key, coalesce(after, 'null'), coalesce(cur, 'null'), coalesce(before, 'null')
FROM temp.wb_undo WHERE cls = 'conflict' ORDER BY tbl, row_key LIMIT ?1;

-- name: undo_changes
SELECT tbl, row_key, cls, coalesce(cur, 'null'), coalesce(before, 'null')
FROM temp.wb_undo WHERE cls IN ('restore', 'delete', 'reinsert') ORDER BY tbl, row_key LIMIT ?1;

-- name: prune_candidates
SELECT id FROM wayback_runs
WHERE expired_at IS NULL AND status <> 'open'
  AND julianday(finished_at) < julianday('now') - (?1 / 86400000.0)
ORDER BY started_at;

-- name: prune_run
DELETE FROM wayback_journal WHERE run_id = ?1;

-- name: expire_run
UPDATE wayback_runs SET expired_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1;

-- name: migration_run
-- The up run of a migration, for its down (docs/journal.md, "Migrations").
SELECT id FROM wayback_runs
WHERE kind = 'migration' AND label = ?1 AND status = 'done' AND expired_at IS NULL
ORDER BY started_at DESC, id DESC LIMIT 1;

-- name: migration_up_runs
-- Every migration's latest up run, for a down of many migrations at once.
SELECT label, id FROM wayback_runs
WHERE kind = 'migration' AND status = 'done' AND expired_at IS NULL
ORDER BY started_at, id;

-- name: after_keys
SELECT DISTINCT j.key FROM temp.wb_undo AS u, json_each(u.after) AS j WHERE u.tbl = ?1 AND u.after IS NOT NULL;

-- name: migration_classify
-- A row the up updated is restored after the down only if nobody changed it
-- since: every column of the up's after-image that still exists holds the same value.
UPDATE temp.wb_undo SET cls = CASE
    WHEN before IS NULL OR after IS NULL THEN 'skip'
    WHEN EXISTS (SELECT 1 FROM main.{{table}} AS t WHERE {{key_match_u}} AND {{same_as_after}}) THEN 'restore'
    ELSE 'conflict' END
WHERE tbl = ?1;

-- name: migration_restore
UPDATE main.{{table}} AS t SET {{set_list}} FROM temp.wb_undo AS r
WHERE r.tbl = ?1 AND r.cls = 'restore' AND {{key_match_r}};

-- name: before_keys
SELECT DISTINCT j.key FROM temp.wb_undo AS u, json_each(u.before) AS j WHERE u.tbl = ?1 AND u.cls = 'restore';
