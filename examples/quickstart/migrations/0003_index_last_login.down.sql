DROP INDEX users_last_login;
