-- What a script changed in the schema, in the same round trip as the script
-- (SnapshotTracker::EventsStep): the DDL notes of postgres_events.sql as rows
-- ('~', what, key, NULL, owner), then the partial read of postgres.sql for
-- every relation those notes name, and postgres_indexes.sql for the indexes
-- they name alone (what 'i') on other relations. The tracker applies the reads
-- when they cover everything it decides to read again (drops are resolved on
-- its side); otherwise it reads again as before. Installed with
-- postgres_listen.sql. snapshot_postgres.cc fills in the placeholders below:
-- the events one with the query of postgres_events.sql, the other two with
-- postgres.sql as cut for partial reads and postgres_indexes.sql, their
-- parameter taken from the variables `owners` and `indexes`.
-- The catalog settings of a partial read (snapshot_postgres.cc,
-- WithCatalogSettings) are the function's own SET clauses.
CREATE OR REPLACE FUNCTION wayback.changed_schema()
RETURNS TABLE (kind text, name text, attr text, value text, owner bigint)
LANGUAGE plpgsql
SET jit = off SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
AS $wayback_changed$
#variable_conflict use_column
DECLARE
  r record;
  owners oid[] := '{}';
  indexes oid[] := '{}';
  index_owners oid[] := '{}';
BEGIN
  FOR r IN SELECT e.* FROM (
@EVENTS@
  ) e(what, key, owner) LOOP
    kind := '~'; name := r.what; attr := r.key; value := NULL; owner := r.owner;
    RETURN NEXT;
    IF r.what = 'i' AND r.owner >= 0 THEN
      indexes := indexes || r.key::oid;
      index_owners := index_owners || r.owner::oid;
    ELSIF r.owner >= 0 THEN
      owners := owners || r.owner::oid;
    END IF;
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
