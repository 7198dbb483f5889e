-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
ALTER TABLE users ADD COLUMN last_login text;
ALTER TABLE users RENAME COLUMN email TO email_address;
CREATE INDEX users_name ON users (name);
