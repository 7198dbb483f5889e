ALTER TABLE items ADD COLUMN sku text;
COMMENT ON COLUMN items.sku IS 'stock keeping unit';
