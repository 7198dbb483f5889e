CREATE VIEW account_regions AS SELECT id, region FROM accounts;
