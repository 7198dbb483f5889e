-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
CREATE TABLE t (id integer);
CREATE INDEX t_id ON t (id);
