DROP VIEW account_regions;
