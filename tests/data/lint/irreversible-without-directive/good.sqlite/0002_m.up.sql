-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
-- wayback:irreversible users moved to the accounts service
DROP TABLE users;
