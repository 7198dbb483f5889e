ALTER TABLE items RENAME COLUMN quantity TO qty;
