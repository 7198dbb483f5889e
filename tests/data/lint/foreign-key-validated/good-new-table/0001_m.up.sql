-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
CREATE TABLE a (id bigint PRIMARY KEY);
CREATE TABLE b (a_id bigint REFERENCES a (id));
