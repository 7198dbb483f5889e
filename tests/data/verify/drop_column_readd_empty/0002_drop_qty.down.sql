ALTER TABLE items ADD COLUMN qty integer;
