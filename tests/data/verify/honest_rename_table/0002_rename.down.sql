ALTER TABLE products RENAME TO items;
