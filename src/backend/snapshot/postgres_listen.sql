-- Event triggers that note every DDL command's objects in the session
-- setting wayback.ddl_notes, so that SnapshotTracker learns what a script
-- changed from the commands themselves instead of scanning the catalogs
-- (wayback.changed_schema, postgres_prefetch.sql, reads and clears the
-- notes). Installed only on a scratch database made for verify, and only by a
-- superuser (PostgreSQL requires one for CREATE EVENT TRIGGER); the objects
-- live in schema wayback, which snapshots leave out.
--
-- A note is "<event> <classid> <objid>," with event c (created or altered,
-- ddl_command_end, or a column dropped) or d (dropped, sql_drop). The setting is not local: it
-- survives the script's commit and is rolled back with a failed transaction or
-- subtransaction, exactly like the DDL it describes. Left out: GRANT, REVOKE
-- and ALTER DEFAULT PRIVILEGES (privileges are not in a snapshot; they come
-- without an object id), and the row types and array types dropped with their
-- relation or element type (not original, not a normal dependency: what owns
-- them is noted itself). Any other command without an object id is noted as
-- classid 0, which makes the tracker read everything. Names are qualified:
-- the functions run under the search_path of whatever script fires them.
CREATE SCHEMA IF NOT EXISTS wayback;

CREATE OR REPLACE FUNCTION wayback.note_ddl() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  notes text := coalesce(pg_catalog.current_setting('wayback.ddl_notes', true), '');
  r record;
BEGIN
  IF tg_event = 'sql_drop' THEN
    FOR r IN SELECT classid, objid, objsubid, original, normal FROM pg_catalog.pg_event_trigger_dropped_objects() LOOP
      CONTINUE WHEN r.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND NOT r.original AND NOT r.normal;
      -- A column dropped (by a cascade from another object, say) alters its
      -- relation, which is still there.
      notes := notes || CASE WHEN r.objsubid <> 0 THEN 'c ' ELSE 'd ' END || r.classid || ' ' || r.objid || ',';
    END LOOP;
  ELSE
    FOR r IN SELECT classid, objid, command_tag FROM pg_catalog.pg_event_trigger_ddl_commands() LOOP
      CONTINUE WHEN r.classid IS NULL AND r.command_tag IN ('GRANT', 'REVOKE', 'ALTER DEFAULT PRIVILEGES');
      notes := notes || 'c ' || coalesce(r.classid, 0) || ' ' || coalesce(r.objid, 0) || ',';
    END LOOP;
  END IF;
  PERFORM pg_catalog.set_config('wayback.ddl_notes', notes, false);
END
$$;

CREATE EVENT TRIGGER wayback_note_ddl ON ddl_command_end EXECUTE FUNCTION wayback.note_ddl();
CREATE EVENT TRIGGER wayback_note_drop ON sql_drop EXECUTE FUNCTION wayback.note_ddl();
