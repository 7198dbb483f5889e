ALTER TABLE items ALTER COLUMN qty TYPE text;
UPDATE items SET qty = 'none' WHERE qty = '0';
