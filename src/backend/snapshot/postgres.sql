-- The schema of a PostgreSQL database as rows (kind, name, attr, value, owner),
-- read from the catalogs in one query. `owner` is the oid of the relation an
-- object belongs to (0 for schemas, functions, types and extensions).
-- One row per object and branch: `attr` is the branch's tag and `value` an
-- array of its attributes (NULL: not set), in the order a row
-- ('#attrs', tag, NULL, names) of the whole read gives (a partial read has
-- none: the reader keeps the names). One row per attribute (a VALUES list per
-- object) cost the server an expression set-up per attribute of every object.
--
-- $1 NULL: the whole schema. $1 an array of relation oids (the ones whose
-- catalog rows changed, see postgres_changes.sql): only those relations and
-- the relations with an object that depends on one of them (a view over it, a
-- foreign key to it, a sequence owned by it, a default using it) — whose
-- rendered definitions name them — plus a row ('#target', oid) per relation
-- read, and a row ('#global') when something that is not a relation's depends
-- on one (a function returning its row type, a domain over it): the caller
-- then reads the whole schema.
-- Indexes, triggers and policies carry '_row', their catalog row ("c16390"),
-- so that dropping one alone need not read its table again.
-- pg_sequence, pg_trigger, pg_policy and pg_rewrite are looked up per relation
-- (LATERAL … OFFSET 0): the generic plan of a partial read cannot know how few
-- relations `rel` holds, and otherwise scanned them whole on every read
-- (pg_rewrite holds a rule per view, pg_trigger four per foreign key).
-- Names are quote_ident()-ed and qualified by
-- schema. Comments are read with scalar subqueries rather than
-- obj_description(), a SQL function whose per-call overhead dominated. Left
-- out: the system schemas, wayback's own schema, temporary schemas and every
-- object that belongs to an extension. Attributes named
-- '_…' feed the seeder and are not compared.
WITH seed AS (SELECT s.oid FROM unnest($1::oid[]) s(oid)),
dependent AS (
  SELECT CASE d.classid
           WHEN 'pg_catalog.pg_class'::regclass
             THEN coalesce((SELECT i.indrelid FROM pg_catalog.pg_index i WHERE i.indexrelid = d.objid), d.objid)
           WHEN 'pg_catalog.pg_rewrite'::regclass
             THEN (SELECT rw.ev_class FROM pg_catalog.pg_rewrite rw WHERE rw.oid = d.objid)
           WHEN 'pg_catalog.pg_constraint'::regclass
             THEN (SELECT nullif(co.conrelid, 0) FROM pg_catalog.pg_constraint co WHERE co.oid = d.objid)
           WHEN 'pg_catalog.pg_attrdef'::regclass
             THEN (SELECT ad.adrelid FROM pg_catalog.pg_attrdef ad WHERE ad.oid = d.objid)
           WHEN 'pg_catalog.pg_trigger'::regclass
             THEN (SELECT tg.tgrelid FROM pg_catalog.pg_trigger tg WHERE tg.oid = d.objid)
           WHEN 'pg_catalog.pg_policy'::regclass
             THEN (SELECT po.polrelid FROM pg_catalog.pg_policy po WHERE po.oid = d.objid)
           WHEN 'pg_catalog.pg_type'::regclass
             THEN (SELECT coalesce(nullif(t.typrelid, 0),
                                   (SELECT nullif(e.typrelid, 0) FROM pg_catalog.pg_type e WHERE e.oid = t.typelem))
                   FROM pg_catalog.pg_type t WHERE t.oid = d.objid)
         END AS owner
  FROM (SELECT 'pg_catalog.pg_class'::regclass::oid, oid FROM seed
        UNION ALL  -- the relations' row types
        SELECT 'pg_catalog.pg_type'::regclass::oid, c.reltype
        FROM seed JOIN pg_catalog.pg_class c ON c.oid = seed.oid WHERE c.reltype <> 0) r(classid, oid)
  JOIN pg_catalog.pg_depend d ON d.refclassid = r.classid AND d.refobjid = r.oid
),
target AS (SELECT oid FROM seed UNION SELECT owner FROM dependent WHERE owner IS NOT NULL),
ns AS (
  SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'wayback')
    AND n.nspname NOT LIKE 'pg\_temp\_%' AND n.nspname NOT LIKE 'pg\_toast\_temp\_%'
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
),
-- The relations to read: all of them, or the targets. Written as a union gated
-- by $1 (not as "$1 IS NULL OR oid IN target") so that a partial read looks
-- the targets up by oid instead of scanning pg_class.
picked AS (
  SELECT oid FROM target WHERE $1::oid[] IS NOT NULL
  UNION ALL
  SELECT c.oid FROM pg_catalog.pg_class c WHERE $1::oid[] IS NULL
),
rel AS (
  SELECT c.oid, c.relname, c.relkind, c.relpersistence, c.reloptions, c.relrowsecurity, c.relforcerowsecurity,
         c.relpartbound, c.reltype, ns.nspname,
         quote_ident(ns.nspname) || '.' || quote_ident(c.relname) AS qname
  FROM picked JOIN pg_catalog.pg_class c ON c.oid = picked.oid JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'c')
    -- an extension's ('e'); identity sequences ('i') are part of their column
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
                    WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = c.oid AND e.deptype IN ('e', 'i'))
)
-- Which attribute each position of a branch's array is (the branch's tag in
-- `attr`); the client reads these first. Only in a whole read: a partial read
-- comes after one, and these 12 rows were 9% of its instructions.
SELECT '#attrs' AS kind, h.tag AS name, NULL AS attr, h.names AS value, 0::oid AS owner FROM (VALUES
  ('relation', ARRAY['kind', 'persistence', 'partition key', 'partition bound', 'inherits', 'options', 'row security', 'definition', 'comment']::text),
  ('sequence', ARRAY['type', 'start', 'increment', 'min', 'max', 'cache', 'cycle', 'owned by']::text),
  ('column', ARRAY['position', 'type', 'not null', 'default', 'generated', 'identity', 'collation', 'storage', 'comment', '_base', '_name', '_category', '_enum', '_domain_check', '_default_any']::text),
  ('constraint', ARRAY['definition', 'validity', 'comment', '_type', '_cols', '_reftable', '_refcols']::text),
  ('index', ARRAY['definition', 'validity', 'clustered', 'comment', '_row']::text),
  ('trigger', ARRAY['definition', 'enabled', 'comment', '_row']::text),
  ('policy', ARRAY['command', 'permissive', 'roles', 'using', 'with check', '_row']::text),
  ('rule', ARRAY['definition']::text),
  ('schema', ARRAY['kind', 'comment']::text),
  ('routine', ARRAY['definition', 'returns', 'comment']::text),
  ('type', ARRAY['labels', 'base type', 'not null', 'default', 'constraints', 'subtype', 'comment']::text),
  ('extension', ARRAY['version', 'schema', 'comment']::text)) h(tag, names)
WHERE $1::oid[] IS NULL  -- a partial read goes by the names of the whole read before it
UNION ALL
SELECT '#target', oid::text, NULL, NULL, oid FROM target
UNION ALL
SELECT '#global', '', NULL, NULL, 0::oid WHERE EXISTS (SELECT 1 FROM dependent WHERE owner IS NULL)
UNION ALL
SELECT CASE rel.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'f' THEN 'foreign table'
         WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'
         ELSE 'composite type' END,
       rel.qname, 'relation', ARRAY[
      CASE rel.relkind WHEN 'p' THEN 'partitioned table' WHEN 'r' THEN 'table' ELSE rel.relkind::text END,  -- kind
      CASE rel.relpersistence WHEN 'u' THEN 'unlogged' WHEN 't' THEN 'temporary' END,  -- persistence
      CASE WHEN rel.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(rel.oid) END,  -- partition key
      pg_catalog.pg_get_expr(rel.relpartbound, rel.oid),  -- partition bound
      (SELECT string_agg(quote_ident(pn.nspname) || '.' || quote_ident(pc.relname), ', ' ORDER BY i.inhseqno)
        FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
        JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = rel.oid),  -- inherits
      array_to_string(rel.reloptions, ', '),  -- options
      CASE WHEN rel.relrowsecurity THEN CASE WHEN rel.relforcerowsecurity THEN 'forced' ELSE 'enabled' END END,  -- row security
      CASE WHEN rel.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(rel.oid, true) END,  -- definition
      (SELECT ds.description FROM pg_catalog.pg_description ds WHERE ds.objoid = rel.oid AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = 0)  -- comment
    ]::text, rel.oid
FROM rel
UNION ALL
SELECT 'sequence', rel.qname, 'sequence', ARRAY[
      pg_catalog.format_type(s.seqtypid, NULL),  -- type
      s.seqstart::text,  -- start
      s.seqincrement::text,  -- increment
      s.seqmin::text,  -- min
      s.seqmax::text,  -- max
      s.seqcache::text,  -- cache
      CASE WHEN s.seqcycle THEN 'yes' END,  -- cycle
      (SELECT quote_ident(pn.nspname) || '.' || quote_ident(pc.relname) || '.' || quote_ident(pa.attname)
        FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class pc ON pc.oid = d.refobjid
        JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
        JOIN pg_catalog.pg_attribute pa ON pa.attrelid = d.refobjid AND pa.attnum = d.refobjsubid
        WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = rel.oid AND d.deptype = 'a'
        AND d.refobjsubid > 0 LIMIT 1)  -- owned by
    ]::text, rel.oid
FROM rel CROSS JOIN LATERAL (SELECT * FROM pg_catalog.pg_sequence q WHERE q.seqrelid = rel.oid OFFSET 0) s
UNION ALL
-- A column's position is sent as its attnum: the reader ranks the columns of
-- each relation, where dropped ones leave gaps (a window over pg_attribute
-- here was 3% of the instructions of a partial read).
SELECT 'column', rel.qname || '.' || quote_ident(a.attname), 'column', ARRAY[
      a.attnum::text,  -- position (attnum; ranked by the reader)
      pg_catalog.format_type(a.atttypid, a.atttypmod),  -- type
      CASE WHEN a.attnotnull THEN 'yes' END,  -- not null
      CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END,  -- default
      CASE WHEN a.attgenerated = 's' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END,  -- generated
      CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END,  -- identity
      CASE WHEN a.attcollation <> t.typcollation
        THEN (SELECT quote_ident(co.collname) FROM pg_catalog.pg_collation co WHERE co.oid = a.attcollation) END,  -- collation
      CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END,  -- storage
      (SELECT ds.description FROM pg_catalog.pg_description ds WHERE ds.objoid = a.attrelid AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = a.attnum),  -- comment
      CASE WHEN rel.relkind IN ('r', 'p') THEN pg_catalog.format_type(bt.oid, CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END) END,  -- _base
      CASE WHEN rel.relkind IN ('r', 'p') THEN a.attname::text END,  -- _name
      CASE WHEN rel.relkind IN ('r', 'p') THEN bt.typcategory::text END,  -- _category
      CASE WHEN bt.typtype = 'e' AND rel.relkind IN ('r', 'p')
        THEN (SELECT string_agg(e.enumlabel, E'\x1f' ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e
        WHERE e.enumtypid = bt.oid) END,  -- _enum
      CASE WHEN t.typtype = 'd' AND rel.relkind IN ('r', 'p')
        THEN (SELECT string_agg(pg_catalog.pg_get_constraintdef(dc.oid), E'\x1f')
        FROM pg_catalog.pg_constraint dc WHERE dc.contypid = t.oid) END,  -- _domain_check
      CASE WHEN d.adbin IS NOT NULL OR a.attidentity <> '' OR t.typdefault IS NOT NULL THEN 'yes' END  -- _default_any
    ]::text, rel.oid
FROM rel JOIN pg_catalog.pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
UNION ALL
SELECT 'constraint', rel.qname || '.' || quote_ident(co.conname), 'constraint', ARRAY[
      pg_catalog.pg_get_constraintdef(co.oid, true),  -- definition
      CASE WHEN NOT co.convalidated THEN 'not valid' END,  -- validity
      (SELECT ds.description FROM pg_catalog.pg_description ds WHERE ds.objoid = co.oid AND ds.classoid = 'pg_catalog.pg_constraint'::regclass AND ds.objsubid = 0),  -- comment
      co.contype::text,  -- _type
      (SELECT string_agg(pa.attname, E'\x1f' ORDER BY k.ord) FROM unnest(co.conkey) WITH ORDINALITY k(num, ord)
        JOIN pg_catalog.pg_attribute pa ON pa.attrelid = co.conrelid AND pa.attnum = k.num),  -- _cols
      CASE WHEN co.contype = 'f' THEN (SELECT quote_ident(pn.nspname) || '.' || quote_ident(pc.relname)
        FROM pg_catalog.pg_class pc JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE pc.oid = co.confrelid) END,  -- _reftable
      CASE WHEN co.contype = 'f' THEN (SELECT string_agg(pa.attname, E'\x1f' ORDER BY k.ord)
        FROM unnest(co.confkey) WITH ORDINALITY k(num, ord)
        JOIN pg_catalog.pg_attribute pa ON pa.attrelid = co.confrelid AND pa.attnum = k.num) END  -- _refcols
    ]::text, rel.oid
FROM pg_catalog.pg_constraint co JOIN rel ON rel.oid = co.conrelid
UNION ALL
-- INDEX BRANCH: postgres_indexes.sql reads indexes alone with the lines up to
-- its end (snapshot_postgres.cc), from a `rel` of its own.
SELECT 'index', quote_ident(rel.nspname) || '.' || quote_ident(ic.relname), 'index', ARRAY[
      pg_catalog.pg_get_indexdef(i.indexrelid),  -- definition
      CASE WHEN NOT i.indisvalid THEN 'invalid' END,  -- validity
      CASE WHEN i.indisclustered THEN 'yes' END,  -- clustered
      (SELECT ds.description FROM pg_catalog.pg_description ds WHERE ds.objoid = ic.oid AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = 0),  -- comment
      'c' || ic.oid::text  -- _row
    ]::text, rel.oid
FROM pg_catalog.pg_index i JOIN rel ON rel.oid = i.indrelid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
-- END OF INDEX BRANCH
UNION ALL
SELECT 'trigger', rel.qname || '.' || quote_ident(tg.tgname), 'trigger', ARRAY[
      pg_catalog.pg_get_triggerdef(tg.oid, true),  -- definition
      CASE tg.tgenabled WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica' WHEN 'A' THEN 'always' END,  -- enabled
      (SELECT ds.description FROM pg_catalog.pg_description ds WHERE ds.objoid = tg.oid AND ds.classoid = 'pg_catalog.pg_trigger'::regclass AND ds.objsubid = 0),  -- comment
      't' || tg.oid::text  -- _row
    ]::text, rel.oid
FROM rel CROSS JOIN LATERAL (SELECT * FROM pg_catalog.pg_trigger t
                             WHERE t.tgrelid = rel.oid AND NOT t.tgisinternal OFFSET 0) tg
UNION ALL
SELECT 'policy', rel.qname || '.' || quote_ident(po.polname), 'policy', ARRAY[
      po.polcmd::text,  -- command
      CASE WHEN po.polpermissive THEN 'yes' ELSE 'no' END,  -- permissive
      (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r)::text END, ', ' ORDER BY 1)
        FROM unnest(po.polroles) r),  -- roles
      pg_catalog.pg_get_expr(po.polqual, po.polrelid),  -- using
      pg_catalog.pg_get_expr(po.polwithcheck, po.polrelid),  -- with check
      'p' || po.oid::text  -- _row
    ]::text, rel.oid
FROM rel CROSS JOIN LATERAL (SELECT * FROM pg_catalog.pg_policy p WHERE p.polrelid = rel.oid OFFSET 0) po
UNION ALL
SELECT 'rule', rel.qname || '.' || quote_ident(rw.rulename), 'rule',
       ARRAY[pg_catalog.pg_get_ruledef(rw.oid, true)]::text, rel.oid
FROM rel CROSS JOIN LATERAL (SELECT * FROM pg_catalog.pg_rewrite r
                             WHERE r.ev_class = rel.oid AND r.rulename <> '_RETURN' OFFSET 0) rw
-- END OF PARTIAL READ. The branches below read what belongs to no relation
-- and run only when $1 is NULL; a partial read is this query cut at the line
-- above (snapshot_postgres.cc), so its generic plan does not carry them: the
-- executor sets up every node of a plan on each run, used or not.
UNION ALL
SELECT 'schema', quote_ident(nspname), 'schema', ARRAY[
      'schema',  -- kind
      (SELECT ds.description FROM pg_catalog.pg_description ds WHERE ds.objoid = ns.oid AND ds.classoid = 'pg_catalog.pg_namespace'::regclass AND ds.objsubid = 0)  -- comment
    ]::text, 0::oid
FROM ns
WHERE $1::oid[] IS NULL
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
       quote_ident(ns.nspname) || '.' || quote_ident(p.proname) || '(' ||
         pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
       'routine', ARRAY[
      CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END,  -- definition
      CASE WHEN p.prokind = 'a' THEN pg_catalog.pg_get_function_result(p.oid) END,  -- returns
      (SELECT ds.description FROM pg_catalog.pg_description ds WHERE ds.objoid = p.oid AND ds.classoid = 'pg_catalog.pg_proc'::regclass AND ds.objsubid = 0)  -- comment
    ]::text, 0::oid
FROM pg_catalog.pg_proc p JOIN ns ON ns.oid = p.pronamespace
WHERE $1::oid[] IS NULL
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
                  WHERE e.classid = 'pg_catalog.pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
UNION ALL
SELECT CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type' ELSE 'type' END,
       quote_ident(ns.nspname) || '.' || quote_ident(t.typname), 'type', ARRAY[
      CASE WHEN t.typtype = 'e' THEN (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
        FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid) END,  -- labels
      CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END,  -- base type
      CASE WHEN t.typnotnull THEN 'yes' END,  -- not null
      t.typdefault,  -- default
      CASE WHEN t.typtype = 'd' THEN (SELECT string_agg(quote_ident(dc.conname) || ' ' ||
        pg_catalog.pg_get_constraintdef(dc.oid, true), '; ' ORDER BY dc.conname)
        FROM pg_catalog.pg_constraint dc WHERE dc.contypid = t.oid) END,  -- constraints
      CASE WHEN t.typtype = 'r' THEN (SELECT pg_catalog.format_type(rg.rngsubtype, NULL)
        FROM pg_catalog.pg_range rg WHERE rg.rngtypid = t.oid) END,  -- subtype
      (SELECT ds.description FROM pg_catalog.pg_description ds WHERE ds.objoid = t.oid AND ds.classoid = 'pg_catalog.pg_type'::regclass AND ds.objsubid = 0)  -- comment
    ]::text, 0::oid
FROM pg_catalog.pg_type t JOIN ns ON ns.oid = t.typnamespace
WHERE $1::oid[] IS NULL AND t.typtype IN ('e', 'd', 'r')
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
                  WHERE e.classid = 'pg_catalog.pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
UNION ALL
SELECT 'extension', quote_ident(e.extname), 'extension', ARRAY[
      e.extversion,  -- version
      (SELECT quote_ident(n.nspname) FROM pg_catalog.pg_namespace n WHERE n.oid = e.extnamespace),  -- schema
      (SELECT ds.description FROM pg_catalog.pg_description ds WHERE ds.objoid = e.oid AND ds.classoid = 'pg_catalog.pg_extension'::regclass AND ds.objsubid = 0)  -- comment
    ]::text, 0::oid
FROM pg_catalog.pg_extension e
WHERE $1::oid[] IS NULL
