-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
CREATE TABLE t (id integer);
INSERT INTO t SELECT 1;
