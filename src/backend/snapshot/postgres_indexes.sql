-- Indexes read alone, by oid ($1), in the rows of postgres.sql: a row
-- ('#index', oid) per index asked for, then the index branch of postgres.sql
-- (filled in below by snapshot_postgres.cc) for those of them whose table the
-- snapshot has. The tracker reads an index this way when the DDL notes name it
-- and nothing else of its table (postgres_prefetch.sql, what 'i'): creating,
-- renaming or commenting on an index changes no other object's rendering.
-- `rel` is postgres.sql's, cut to what the index branch uses, with the same
-- tests of which relations a snapshot leaves out.
WITH rel AS (
  SELECT c.oid, n.nspname
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid IN (SELECT x.indrelid FROM pg_catalog.pg_index x WHERE x.indexrelid = ANY ($1::oid[]))
    AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'wayback')
    AND n.nspname NOT LIKE 'pg\_temp\_%' AND n.nspname NOT LIKE 'pg\_toast\_temp\_%'
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
                    WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
)
SELECT '#index' AS kind, x.oid::text AS name, NULL AS attr, NULL AS value, 0::oid AS owner
FROM unnest($1::oid[]) x(oid)
UNION ALL
@INDEX BRANCH@
WHERE i.indexrelid = ANY ($1::oid[])
