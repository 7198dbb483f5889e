ALTER TABLE items DROP COLUMN no_such_column;
