-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
CREATE TABLE colors (name text);
INSERT INTO colors (name) VALUES ('red');
