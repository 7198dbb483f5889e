ALTER TABLE accounts ADD COLUMN region text;
CREATE VIEW account_regions AS SELECT id, region FROM accounts;
