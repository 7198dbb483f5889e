-- The way back
--   writes: t
CREATE TABLE t (id integer);
