-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
ALTER TABLE users DROP COLUMN name;
