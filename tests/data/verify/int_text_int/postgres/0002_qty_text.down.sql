ALTER TABLE items ALTER COLUMN qty TYPE integer USING qty::integer;
