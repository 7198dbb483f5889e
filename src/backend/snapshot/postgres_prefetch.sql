-- What a script changed in the schema, in the same round trip as the script
-- (SnapshotTracker::EventsStep): the DDL notes of postgres_listen.sql, which
-- this clears, as rows ('~', what, key, NULL, owner), then the partial read
-- of postgres.sql for every relation the notes name, and postgres_indexes.sql
-- for the indexes they name alone (what 'i') on other relations. The tracker
-- applies the reads when they cover everything it decides to read again
-- (drops are resolved on its side); otherwise it reads again as before.
-- Installed with postgres_listen.sql. snapshot_postgres.cc fills in the
-- placeholders below with postgres.sql as cut for partial reads and
-- postgres_indexes.sql, their parameter taken from the variables `owners`
-- and `indexes`. The catalog settings of a partial read (snapshot_postgres.cc,
-- WithCatalogSettings) are the function's own SET clauses.
--
-- The notes' rows (what, key, owner) have the shape of postgres_changes.sql's,
-- so the caller treats both alike:
--   'hi'   the next transaction id: where postgres_changes.sql goes on from
--          when a later script must be checked against the catalogs
--   'event sig'  what changes the rendering of objects without a DDL command on
--          them, or is changed by DDL that fires no event trigger: settings,
--          roles (shared objects) and inheritance (DETACH PARTITION names only
--          the parent)
--   'G'    anything but the catalogs below (schemas, functions, types,
--          extensions, …): the caller reads everything
--   '-'    a dropped object of those catalogs: its key ("c16385"); the caller
--          knows its relation from earlier reads
--   'c','k','d','t','p','r'  an object of pg_class, pg_constraint,
--          pg_attrdef, pg_trigger, pg_policy or pg_rewrite created or altered:
--          its oid and the relation it belongs to (owner -2: not a
--          relation's, read everything; -1: not part of the snapshot, or
--          already dropped again)
--   'i'    like 'c', for a plain index whose table needs no reading again
--   'o'    a relation's composite type created or altered: the relation
-- Drops come before the rest (an oid can be reused at once). The notes are
-- taken apart here with plain expressions, and each object is looked up with
-- a query of its own catalog: one query with a branch per catalog cost more
-- to set up on every call than the few lookups a script needs.
CREATE OR REPLACE FUNCTION wayback.changed_schema()
RETURNS TABLE (kind text, name text, attr text, value text, owner bigint)
LANGUAGE plpgsql
SET jit = off SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
AS $wayback_changed$
#variable_conflict use_column
DECLARE
  notes text[] := pg_catalog.string_to_array(
    coalesce(pg_catalog.current_setting('wayback.ddl_notes', true), ''), ',');
  note text;
  event text;
  objid oid;
  letter text;
  plain boolean;
  pass int;
  owners oid[] := '{}';
  indexes oid[] := '{}';
  index_owners oid[] := '{}';
BEGIN
  name := pg_catalog.set_config('wayback.ddl_notes', '', false);
  kind := '~'; value := NULL; owner := NULL;
  name := 'hi'; attr := pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())::text;
  RETURN NEXT;
  name := 'event sig';
  attr := pg_catalog.concat_ws('|',
    pg_catalog.current_setting('search_path'), pg_catalog.current_schemas(true)::text,
    pg_catalog.current_setting('TimeZone'), pg_catalog.current_setting('DateStyle'),
    pg_catalog.current_setting('IntervalStyle'), pg_catalog.current_setting('extra_float_digits'),
    pg_catalog.current_setting('bytea_output'), pg_catalog.current_setting('lc_monetary'),
    pg_catalog.current_setting('xmloption'), pg_catalog.current_setting('standard_conforming_strings'),
    pg_catalog.current_setting('quote_all_identifiers'), pg_catalog.current_setting('track_counts'),
    (SELECT pg_catalog.md5(pg_catalog.string_agg(r.oid || ':' || r.rolname, ',' ORDER BY r.oid))
     FROM pg_catalog.pg_roles r),
    (SELECT pg_catalog.md5(pg_catalog.string_agg(i.inhrelid || ':' || i.inhparent || ':' || i.inhseqno, ','
                                                 ORDER BY i.inhrelid, i.inhseqno))
     FROM pg_catalog.pg_inherits i));
  RETURN NEXT;
  -- A note is "<event> <classid> <objid>" (postgres_listen.sql).
  FOR pass IN 1..2 LOOP
    FOREACH note IN ARRAY notes LOOP
      CONTINUE WHEN note = '';
      event := pg_catalog.split_part(note, ' ', 1);
      objid := pg_catalog.split_part(note, ' ', 3)::oid;
      letter := CASE pg_catalog.split_part(note, ' ', 2)::oid
        WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN 'c'
        WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN 'k'
        WHEN 'pg_catalog.pg_attrdef'::pg_catalog.regclass THEN 'd'
        WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN 't'
        WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass THEN 'p'
        WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN 'r'
        -- a composite type made by CREATE TYPE … AS is a relation's
        WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN CASE event WHEN 'c' THEN 'y' END
      END;
      IF pass = 1 THEN  -- what needs no lookup: drops, and what is no relation's
        IF letter IS NULL THEN
          name := 'G'; attr := ''; owner := NULL;
          RETURN NEXT;
        ELSIF event = 'd' THEN
          name := '-'; attr := letter || objid; owner := NULL;
          RETURN NEXT;
        END IF;
        CONTINUE;
      END IF;
      CONTINUE WHEN letter IS NULL OR event <> 'c';
      name := letter; attr := objid::text; owner := NULL;
      -- Owner -2: not a relation's (a temporary relation, which can hide
      -- others by name; a domain's constraint; a type that is no relation's
      -- row type). What 'i': a plain index that backs no constraint (renaming
      -- one renames its constraint too): only the index needs reading again. A
      -- partitioned index ('I') stays 'c': its partitions' indexes come with
      -- their tables.
      IF letter = 'c' THEN
        SELECT CASE WHEN n.nspname LIKE 'pg\_temp\_%' OR n.nspname LIKE 'pg\_toast\_temp\_%' THEN -2
                    WHEN n.nspname IN ('pg_catalog', 'information_schema', 'pg_toast', 'wayback') THEN -1
                    WHEN c.relkind IN ('i', 'I') THEN coalesce(i.indrelid::bigint, -1)
                    ELSE c.oid::bigint END,
               c.relkind = 'i' AND NOT EXISTS (
                 SELECT 1 FROM pg_catalog.pg_depend d
                 WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                   AND d.refclassid = 'pg_catalog.pg_constraint'::pg_catalog.regclass)
          INTO owner, plain
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
          WHERE c.oid = objid;
        IF plain THEN name := 'i'; END IF;
      ELSIF letter = 'k' THEN
        SELECT coalesce(nullif(co.conrelid, 0)::bigint, -2) INTO owner
        FROM pg_catalog.pg_constraint co WHERE co.oid = objid;
      ELSIF letter = 'd' THEN
        SELECT ad.adrelid::bigint INTO owner FROM pg_catalog.pg_attrdef ad WHERE ad.oid = objid;
      ELSIF letter = 't' THEN
        SELECT tg.tgrelid::bigint INTO owner FROM pg_catalog.pg_trigger tg WHERE tg.oid = objid;
      ELSIF letter = 'p' THEN
        SELECT po.polrelid::bigint INTO owner FROM pg_catalog.pg_policy po WHERE po.oid = objid;
      ELSIF letter = 'r' THEN
        SELECT rw.ev_class::bigint INTO owner FROM pg_catalog.pg_rewrite rw WHERE rw.oid = objid;
      ELSE
        name := 'o'; attr := '';
        SELECT coalesce(nullif(t.typrelid, 0)::bigint, -2) INTO owner FROM pg_catalog.pg_type t WHERE t.oid = objid;
      END IF;
      owner := coalesce(owner, -1);  -- -1 also when the object is gone again (its drop is noted too)
      RETURN NEXT;
      IF name = 'i' AND owner >= 0 THEN
        indexes := indexes || objid;
        index_owners := index_owners || owner::oid;
      ELSIF owner >= 0 THEN
        owners := owners || owner::oid;
      END IF;
    END LOOP;
  END LOOP;
  IF pg_catalog.cardinality(owners) > 0 THEN
    RETURN QUERY SELECT s.kind, s.name, s.attr, s.value, s.owner::bigint FROM (
@PARTIAL@
    ) s;
  END IF;
  IF pg_catalog.cardinality(indexes) > 0 THEN
    -- the indexes of a relation read whole came with it
    indexes := ARRAY(SELECT u.i FROM unnest(indexes, index_owners) u(i, o) WHERE u.o <> ALL (owners));
  END IF;
  IF pg_catalog.cardinality(indexes) > 0 THEN
    RETURN QUERY SELECT s.kind, s.name, s.attr, s.value, s.owner::bigint FROM (
@INDEXES@
    ) s;
  END IF;
END
$wayback_changed$;
