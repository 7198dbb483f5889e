ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 0);
