-- What changed in the catalogs since the last look, so that a snapshot can be
-- brought up to date by re-reading only the relations concerned
-- (postgres.sql with their oids). Rows (what, key, owner):
--   'hi'     the next transaction id: the watermark for the next call
--   'sig'    settings and counts that, when they change, change the rendering
--            of objects that did not change themselves (search_path, quoting,
--            data output styles, schemas, functions, types, operators, …)
--   'G'      a row of one of those catalogs was written since $1
--   'c','k','d','t','p','r','m'  a row of pg_class, pg_constraint,
--            pg_attrdef, pg_trigger, pg_policy, pg_rewrite, pg_description
--            written since $1: its key and the relation it belongs to
--            (owner NULL: not a relation's — the caller reads everything)
--   'o'      a row of pg_attribute, pg_index, pg_sequence or a relation's row
--            type written since $1: the relation it belongs to
--   '-'      a key of $2…$8 (the rows seen last time) that is gone
-- A row was written since $1 when its xmin lies in [$1, next xid): we are the
-- only session writing to the scratch database, and every catalog write
-- stamps the row with the writer's transaction id (in-place updates only touch
-- statistics the snapshot does not read). $1 NULL: every row counts as new.
-- Owner -1: not part of the snapshot (toast, wayback's own schema), ignored.
WITH w AS (
  SELECT $1::bigint AS lo, pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())::text::bigint AS hi
),
fresh AS (  -- the set of transaction ids (mod 2^32) since $1, as a predicate
  SELECT lo, hi, CASE WHEN lo IS NULL THEN NULL ELSE lo % 4294967296 END AS lo32 FROM w
),
nsp AS (
  SELECT n.oid,
         CASE WHEN n.nspname LIKE 'pg\_temp\_%' OR n.nspname LIKE 'pg\_toast\_temp\_%' THEN 'temp'
              WHEN n.nspname IN ('pg_catalog', 'information_schema', 'pg_toast', 'wayback') THEN 'skip'
              ELSE 'user' END AS class
  FROM pg_catalog.pg_namespace n
),
cls AS (
  SELECT c.oid, c.xmin,
         CASE nsp.class WHEN 'temp' THEN NULL WHEN 'skip' THEN -1
              ELSE CASE WHEN c.relkind IN ('i', 'I')
                        THEN coalesce((SELECT i.indrelid::bigint FROM pg_catalog.pg_index i WHERE i.indexrelid = c.oid), -1)
                        ELSE c.oid::bigint END END AS owner
  FROM pg_catalog.pg_class c JOIN nsp ON nsp.oid = c.relnamespace
  WHERE c.oid >= 16384
),
typ AS (
  SELECT t.oid, t.xmin,
         coalesce(nullif(t.typrelid, 0), (SELECT nullif(e.typrelid, 0) FROM pg_catalog.pg_type e
                                          WHERE e.oid = t.typelem AND t.typcategory = 'A')) AS rel
  FROM pg_catalog.pg_type t WHERE t.oid >= 16384
),
descr AS (
  SELECT ds.classoid || '/' || ds.objoid || '/' || ds.objsubid AS key, ds.xmin,
         CASE ds.classoid
           WHEN 'pg_catalog.pg_class'::regclass THEN (SELECT cls.owner FROM cls WHERE cls.oid = ds.objoid)
           WHEN 'pg_catalog.pg_constraint'::regclass
             THEN (SELECT nullif(co.conrelid, 0) FROM pg_catalog.pg_constraint co WHERE co.oid = ds.objoid)
           WHEN 'pg_catalog.pg_trigger'::regclass
             THEN (SELECT tg.tgrelid FROM pg_catalog.pg_trigger tg WHERE tg.oid = ds.objoid)
           WHEN 'pg_catalog.pg_policy'::regclass
             THEN (SELECT po.polrelid FROM pg_catalog.pg_policy po WHERE po.oid = ds.objoid)
         END::bigint AS owner
  FROM pg_catalog.pg_description ds
  WHERE ds.objoid >= 16384 OR ds.classoid = 'pg_catalog.pg_namespace'::regclass
)
-- 'sig' and 'G' cover catalogs whose change is not one relation's: a new row or
-- a different count (a deletion) there means reading everything.
SELECT 'hi', hi::text, NULL::bigint FROM w
UNION ALL
SELECT 'sig', concat_ws('|',
  current_setting('search_path'), current_schemas(true)::text, current_setting('TimeZone'),
  current_setting('DateStyle'), current_setting('IntervalStyle'), current_setting('extra_float_digits'),
  current_setting('bytea_output'), current_setting('lc_monetary'), current_setting('xmloption'),
  current_setting('standard_conforming_strings'), current_setting('quote_all_identifiers'),
  current_setting('track_counts'),
  (SELECT count(*) FROM pg_catalog.pg_namespace),
  (SELECT count(*) FROM pg_catalog.pg_proc WHERE oid >= 16384),
  (SELECT count(*) FROM typ WHERE rel IS NULL),
  (SELECT count(*) FROM pg_catalog.pg_enum WHERE oid >= 16384),
  (SELECT count(*) FROM pg_catalog.pg_range WHERE rngtypid >= 16384),
  (SELECT count(*) FROM pg_catalog.pg_collation WHERE oid >= 16384),
  (SELECT count(*) FROM pg_catalog.pg_extension),
  (SELECT count(*) FROM pg_catalog.pg_inherits),
  (SELECT count(*) FROM pg_catalog.pg_operator WHERE oid >= 16384),
  (SELECT count(*) FROM pg_catalog.pg_opclass WHERE oid >= 16384),
  (SELECT count(*) FROM pg_catalog.pg_opfamily WHERE oid >= 16384),
  (SELECT count(*) FROM pg_catalog.pg_cast WHERE oid >= 16384),
  (SELECT count(*) FROM pg_catalog.pg_language WHERE oid >= 16384),
  (SELECT count(*) FROM pg_catalog.pg_ts_config WHERE oid >= 16384),
  (SELECT count(*) FROM pg_catalog.pg_ts_dict WHERE oid >= 16384),
  (SELECT count(*) FROM pg_catalog.pg_foreign_server WHERE oid >= 16384),
  (SELECT count(*) FROM pg_catalog.pg_am WHERE oid >= 16384),
  (SELECT count(*) FROM pg_catalog.pg_depend d WHERE d.deptype = 'e'),
  (SELECT count(*) FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
   WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')),
  (SELECT md5(string_agg(r.oid || ':' || r.rolname, ',' ORDER BY r.oid)) FROM pg_catalog.pg_roles r)), NULL
UNION ALL
SELECT 'G', '', NULL FROM fresh f WHERE f.lo IS NOT NULL AND EXISTS (
  SELECT 1 FROM (
    SELECT xmin FROM pg_catalog.pg_namespace
    UNION ALL SELECT xmin FROM pg_catalog.pg_proc WHERE oid >= 16384
    UNION ALL SELECT xmin FROM typ WHERE rel IS NULL
    UNION ALL SELECT xmin FROM pg_catalog.pg_enum WHERE oid >= 16384
    UNION ALL SELECT xmin FROM pg_catalog.pg_range WHERE rngtypid >= 16384
    UNION ALL SELECT xmin FROM pg_catalog.pg_collation WHERE oid >= 16384
    UNION ALL SELECT xmin FROM pg_catalog.pg_extension
    UNION ALL SELECT xmin FROM pg_catalog.pg_inherits
    UNION ALL SELECT xmin FROM pg_catalog.pg_operator WHERE oid >= 16384
    UNION ALL SELECT xmin FROM pg_catalog.pg_opclass WHERE oid >= 16384
    UNION ALL SELECT xmin FROM pg_catalog.pg_opfamily WHERE oid >= 16384
    UNION ALL SELECT xmin FROM pg_catalog.pg_cast WHERE oid >= 16384
    UNION ALL SELECT xmin FROM pg_catalog.pg_language WHERE oid >= 16384
    UNION ALL SELECT xmin FROM pg_catalog.pg_ts_config WHERE oid >= 16384
    UNION ALL SELECT xmin FROM pg_catalog.pg_ts_dict WHERE oid >= 16384
    UNION ALL SELECT xmin FROM pg_catalog.pg_foreign_server WHERE oid >= 16384
    UNION ALL SELECT xmin FROM pg_catalog.pg_am WHERE oid >= 16384
    UNION ALL SELECT d.xmin FROM pg_catalog.pg_depend d WHERE d.deptype = 'e'
    UNION ALL SELECT d.xmin FROM pg_catalog.pg_depend d
              JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
              WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
  ) g(xmin)
  WHERE (g.xmin::text::bigint - f.lo32 + 4294967296) % 4294967296 < f.hi - f.lo)
UNION ALL
SELECT DISTINCT x.what, x.key, x.owner FROM fresh f CROSS JOIN LATERAL (
  SELECT 'c' AS what, oid::text AS key, owner, xmin FROM cls
  UNION ALL SELECT 'k', co.oid::text, nullif(co.conrelid, 0)::bigint, co.xmin FROM pg_catalog.pg_constraint co WHERE co.oid >= 16384
  UNION ALL SELECT 'd', ad.oid::text, ad.adrelid::bigint, ad.xmin FROM pg_catalog.pg_attrdef ad WHERE ad.oid >= 16384
  UNION ALL SELECT 't', tg.oid::text, tg.tgrelid::bigint, tg.xmin FROM pg_catalog.pg_trigger tg WHERE tg.oid >= 16384
  UNION ALL SELECT 'p', po.oid::text, po.polrelid::bigint, po.xmin FROM pg_catalog.pg_policy po WHERE po.oid >= 16384
  UNION ALL SELECT 'r', rw.oid::text, rw.ev_class::bigint, rw.xmin FROM pg_catalog.pg_rewrite rw WHERE rw.oid >= 16384
  UNION ALL SELECT 'm', key, owner, xmin FROM descr
  UNION ALL SELECT 'o', '', cls.owner, a.xmin FROM pg_catalog.pg_attribute a JOIN cls ON cls.oid = a.attrelid
  UNION ALL SELECT 'o', '', i.indrelid::bigint, i.xmin FROM pg_catalog.pg_index i WHERE i.indexrelid >= 16384
  UNION ALL SELECT 'o', '', s.seqrelid::bigint, s.xmin FROM pg_catalog.pg_sequence s WHERE s.seqrelid >= 16384
  UNION ALL SELECT 'o', '', typ.rel::bigint, typ.xmin FROM typ WHERE typ.rel IS NOT NULL
) x
WHERE (f.lo IS NULL AND x.what <> 'o')
   OR (f.lo IS NOT NULL AND (x.xmin::text::bigint - f.lo32 + 4294967296) % 4294967296 < f.hi - f.lo)
UNION ALL
SELECT '-', 'c' || g, NULL FROM unnest($2::oid[]) g WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = g)
UNION ALL
SELECT '-', 'k' || g, NULL FROM unnest($3::oid[]) g WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.oid = g)
UNION ALL
SELECT '-', 'd' || g, NULL FROM unnest($4::oid[]) g WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attrdef c WHERE c.oid = g)
UNION ALL
SELECT '-', 't' || g, NULL FROM unnest($5::oid[]) g WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger c WHERE c.oid = g)
UNION ALL
SELECT '-', 'p' || g, NULL FROM unnest($6::oid[]) g WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy c WHERE c.oid = g)
UNION ALL
SELECT '-', 'r' || g, NULL FROM unnest($7::oid[]) g WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_rewrite c WHERE c.oid = g)
UNION ALL
SELECT '-', 'm' || g, NULL FROM unnest($8::text[]) g WHERE g NOT IN (SELECT key FROM descr)
