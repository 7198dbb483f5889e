ALTER TABLE tickets DROP COLUMN status;
