DROP VIEW account_regions;
ALTER TABLE accounts DROP COLUMN region;
