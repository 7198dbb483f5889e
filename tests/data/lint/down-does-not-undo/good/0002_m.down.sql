DROP INDEX users_name;
ALTER TABLE users RENAME COLUMN email_address TO email;
ALTER TABLE users DROP COLUMN last_login;
