ALTER TABLE users DROP COLUMN created_at;
