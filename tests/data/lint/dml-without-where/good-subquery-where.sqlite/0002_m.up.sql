-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
UPDATE users SET name = (SELECT 'x' WHERE 1 = 1) WHERE id IN (SELECT id FROM users WHERE name IS NULL);
