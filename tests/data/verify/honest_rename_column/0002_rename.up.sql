ALTER TABLE items RENAME COLUMN qty TO quantity;
