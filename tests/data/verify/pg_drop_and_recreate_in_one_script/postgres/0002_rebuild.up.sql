-- Drops and creates objects of the same names in one script: the snapshot
-- must not mistake the new relations for the dropped ones.
DROP VIEW account_emails;
DROP INDEX accounts_email;
ALTER TABLE notes DROP CONSTRAINT notes_account_id_fkey;
ALTER TABLE accounts RENAME TO accounts_old;
CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, verified boolean NOT NULL DEFAULT false);
INSERT INTO accounts (id, email) SELECT id, email FROM accounts_old;
DROP TABLE accounts_old;
CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));
ALTER TABLE notes ADD CONSTRAINT notes_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);
CREATE VIEW account_emails AS SELECT id, email, verified FROM accounts;
