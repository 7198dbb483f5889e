ALTER TABLE boards ADD COLUMN size int;
