-- What changed since the last look, from the notes of the DDL event triggers
-- (postgres_listen.sql), which this clears. Rows (what, key, owner) in the
-- shape of postgres_changes.sql, so the caller treats both alike:
--   'hi'   the next transaction id: where postgres_changes.sql goes on from
--          when a later script must be checked against the catalogs
--   'event sig'  what changes the rendering of objects without a DDL command on
--          them, or is changed by DDL that fires no event trigger: settings,
--          roles (shared objects) and inheritance (DETACH PARTITION names only
--          the parent)
--   'c','k','d','t','p','r'  an object of pg_class, pg_constraint,
--          pg_attrdef, pg_trigger, pg_policy or pg_rewrite created or altered:
--          its oid and the relation it belongs to (owner -2: not a
--          relation's, read everything; -1: not part of the snapshot, or
--          already dropped again)
--   'i'    like 'c', for a plain index whose table needs no reading again
--   'o'    a relation's composite type created or altered: the relation
--   '-'    a dropped object of those catalogs: its key ("c16385"); the caller
--          knows its relation from earlier reads
--   'G'    anything else (schemas, functions, types, extensions, …): the
--          caller reads everything
WITH notes AS (SELECT wayback.take_ddl_notes() AS list),
ev AS (
  SELECT split_part(e, ' ', 1) AS event, split_part(e, ' ', 2)::oid AS classid, split_part(e, ' ', 3)::oid AS objid
  FROM notes CROSS JOIN LATERAL unnest(string_to_array(notes.list, ',')) e
  WHERE e <> ''
),
typed AS (
  SELECT ev.event, ev.objid,
         CASE ev.classid
           WHEN 'pg_catalog.pg_class'::regclass THEN 'c'
           WHEN 'pg_catalog.pg_constraint'::regclass THEN 'k'
           WHEN 'pg_catalog.pg_attrdef'::regclass THEN 'd'
           WHEN 'pg_catalog.pg_trigger'::regclass THEN 't'
           WHEN 'pg_catalog.pg_policy'::regclass THEN 'p'
           WHEN 'pg_catalog.pg_rewrite'::regclass THEN 'r'
           -- a composite type made by CREATE TYPE … AS is a relation's
           WHEN 'pg_catalog.pg_type'::regclass THEN CASE ev.event WHEN 'c' THEN 'y' END
         END AS letter
  FROM ev
)
SELECT 'hi', pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())::text, NULL::bigint
UNION ALL
SELECT 'event sig', concat_ws('|',
  current_setting('search_path'), current_schemas(true)::text, current_setting('TimeZone'),
  current_setting('DateStyle'), current_setting('IntervalStyle'), current_setting('extra_float_digits'),
  current_setting('bytea_output'), current_setting('lc_monetary'), current_setting('xmloption'),
  current_setting('standard_conforming_strings'), current_setting('quote_all_identifiers'),
  current_setting('track_counts'),
  (SELECT md5(string_agg(r.oid || ':' || r.rolname, ',' ORDER BY r.oid)) FROM pg_catalog.pg_roles r),
  (SELECT md5(string_agg(i.inhrelid || ':' || i.inhparent || ':' || i.inhseqno, ',' ORDER BY i.inhrelid, i.inhseqno))
   FROM pg_catalog.pg_inherits i)), NULL
UNION ALL
SELECT 'G', '', NULL FROM typed WHERE letter IS NULL
UNION ALL
SELECT '-', letter || objid, NULL FROM typed WHERE event = 'd' AND letter IS NOT NULL
UNION ALL
-- Owner -2: not a relation's (a temporary relation, which can hide others by
-- name; a domain's constraint; a type that is no relation's row type).
-- What 'i': a plain index that backs no constraint (renaming one renames its
-- constraint too): only the index needs reading again. A partitioned index
-- ('I') stays 'c': its partitions' indexes come with their tables.
SELECT CASE letter
         WHEN 'y' THEN 'o'
         WHEN 'c' THEN CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = typed.objid AND c.relkind = 'i')
                             AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                             WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = typed.objid
                                               AND d.refclassid = 'pg_catalog.pg_constraint'::regclass)
                            THEN 'i' ELSE 'c' END
         ELSE letter END,
       CASE letter WHEN 'y' THEN '' ELSE objid::text END,
  coalesce(CASE letter
    WHEN 'c' THEN (SELECT CASE WHEN n.nspname LIKE 'pg\_temp\_%' OR n.nspname LIKE 'pg\_toast\_temp\_%' THEN -2
                               WHEN n.nspname IN ('pg_catalog', 'information_schema', 'pg_toast', 'wayback') THEN -1
                               WHEN c.relkind IN ('i', 'I')
                                 THEN coalesce((SELECT i.indrelid::bigint FROM pg_catalog.pg_index i
                                                WHERE i.indexrelid = c.oid), -1)
                               ELSE c.oid::bigint END
                   FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                   WHERE c.oid = typed.objid)
    WHEN 'k' THEN (SELECT coalesce(nullif(co.conrelid, 0)::bigint, -2) FROM pg_catalog.pg_constraint co
                   WHERE co.oid = typed.objid)
    WHEN 'd' THEN (SELECT ad.adrelid::bigint FROM pg_catalog.pg_attrdef ad WHERE ad.oid = typed.objid)
    WHEN 't' THEN (SELECT tg.tgrelid::bigint FROM pg_catalog.pg_trigger tg WHERE tg.oid = typed.objid)
    WHEN 'p' THEN (SELECT po.polrelid::bigint FROM pg_catalog.pg_policy po WHERE po.oid = typed.objid)
    WHEN 'r' THEN (SELECT rw.ev_class::bigint FROM pg_catalog.pg_rewrite rw WHERE rw.oid = typed.objid)
    WHEN 'y' THEN (SELECT coalesce(nullif(t.typrelid, 0)::bigint, -2) FROM pg_catalog.pg_type t
                   WHERE t.oid = typed.objid)
  END, -1)  -- -1 also when the object is gone again (its drop is noted too)
FROM typed WHERE event = 'c' AND letter IS NOT NULL
