-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
CREATE TABLE t (id integer, a text);
ALTER TABLE t RENAME COLUMN a TO b;
ALTER TABLE t DROP COLUMN b;
