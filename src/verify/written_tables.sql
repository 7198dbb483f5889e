-- The tables the current transaction wrote to, with the transaction still
-- open: PostgreSQL's per-transaction row counters (pg_stat_get_xact_*, which
-- count triggers' and rules' writes too, and rows of aborted subtransactions)
-- name them. A NULL row means the counters cannot be trusted for this database
-- (counting is off, a deferred trigger could still write at commit, a table
-- uses another access method than heap): the caller assumes every table changed.
SELECT NULL::text
WHERE current_setting('track_counts') <> 'on'
   OR EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.tgdeferrable AND NOT t.tgisinternal)
   OR EXISTS (SELECT 1 FROM pg_catalog.pg_class c
              WHERE c.relkind IN ('r', 'm') AND c.oid >= 16384
                AND c.relam <> (SELECT a.oid FROM pg_catalog.pg_am a WHERE a.amname = 'heap'))
UNION ALL
SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND c.oid >= 16384
  AND pg_catalog.pg_stat_get_xact_tuples_inserted(c.oid) + pg_catalog.pg_stat_get_xact_tuples_updated(c.oid)
      + pg_catalog.pg_stat_get_xact_tuples_deleted(c.oid) > 0
