-- What a script changed in the schema, in the same round trip as the script
-- (SnapshotTracker::EventsStep): the DDL notes of postgres_events.sql as rows
-- ('~', what, key, NULL, owner), then the partial read of postgres.sql for
-- every relation those notes name. The tracker applies the read when it covers
-- every relation it decides to read again (drops are resolved on its side);
-- otherwise it reads again as before. Installed with postgres_listen.sql.
-- snapshot_postgres.cc fills in the two placeholders below: the events one with
-- the query of postgres_events.sql, the partial one with postgres.sql as cut
-- for partial reads, its parameter taken from the variable `owners`.
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
BEGIN
  FOR r IN SELECT e.* FROM (
@EVENTS@
  ) e(what, key, owner) LOOP
    kind := '~'; name := r.what; attr := r.key; value := NULL; owner := r.owner;
    RETURN NEXT;
    IF r.owner >= 0 THEN owners := owners || r.owner::oid; END IF;
  END LOOP;
  IF pg_catalog.cardinality(owners) > 0 THEN
    RETURN QUERY SELECT s.kind, s.name, s.attr, s.value, s.owner::bigint FROM (
@PARTIAL@
    ) s;
  END IF;
END
$wayback_changed$;
