ALTER TABLE items ALTER COLUMN qty TYPE integer USING CASE WHEN qty ~ '^[0-9]+$' THEN qty::integer END;
