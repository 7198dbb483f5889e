-- The way back
--   writes:  an index on users.last_login; no table data
--   reverse: the down drops the index
--   window:  any time

CREATE INDEX users_last_login ON users (last_login);
