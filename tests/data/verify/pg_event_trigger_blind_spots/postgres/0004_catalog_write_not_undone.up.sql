-- The old trick to widen a varchar without a rewrite: a direct catalog write.
UPDATE pg_catalog.pg_attribute SET atttypmod = 24 WHERE attrelid = 'parts_low'::regclass AND attname = 'c';
