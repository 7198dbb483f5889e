ALTER TABLE tickets DROP CONSTRAINT tickets_pkey;
