ALTER TABLE users ADD COLUMN name text;
UPDATE users SET name = first_name || ' ' || last_name;
ALTER TABLE users DROP COLUMN last_name;
ALTER TABLE users DROP COLUMN first_name;
