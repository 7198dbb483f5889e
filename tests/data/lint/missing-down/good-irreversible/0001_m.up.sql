-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
-- wayback:irreversible the legacy table goes for good
DROP TABLE legacy;
