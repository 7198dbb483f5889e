-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
-- wayback:no-transaction
CREATE DATABASE lake;
