CREATE INDEX i ON users (id);
