-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
-- wayback:allow incompatible-change column unused since v2
ALTER TABLE users DROP COLUMN name;
