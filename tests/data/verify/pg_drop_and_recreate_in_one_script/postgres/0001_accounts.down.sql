DROP VIEW account_emails;
DROP TABLE notes;
DROP TABLE accounts;
