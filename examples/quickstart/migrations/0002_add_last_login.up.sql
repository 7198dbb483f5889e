-- The way back
--   writes:  adds the nullable column users.last_login; no row is rewritten
--   reverse: the down drops the column (only login times written since are lost)
--   window:  any time

ALTER TABLE users ADD COLUMN last_login TEXT;
