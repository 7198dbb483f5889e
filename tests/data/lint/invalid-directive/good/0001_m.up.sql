-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
-- wayback:allow index-not-concurrent the table has ten rows
CREATE TABLE t (id integer);
