-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);
