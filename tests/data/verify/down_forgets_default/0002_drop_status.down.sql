ALTER TABLE tickets ADD COLUMN status text;
