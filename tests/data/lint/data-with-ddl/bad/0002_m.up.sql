-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
ALTER TABLE users ADD COLUMN first_name text;
ALTER TABLE users ADD COLUMN last_name text;
UPDATE users SET first_name = substr(name, 1, 1), last_name = substr(name, 2);
ALTER TABLE users DROP COLUMN name;
