CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);
CREATE INDEX accounts_email ON accounts (email);
CREATE TABLE notes (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id), body text);
CREATE VIEW account_emails AS SELECT id, email FROM accounts;
