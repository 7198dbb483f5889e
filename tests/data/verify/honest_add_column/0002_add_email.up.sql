ALTER TABLE items ADD COLUMN email text;
