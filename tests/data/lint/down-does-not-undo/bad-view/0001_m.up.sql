-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
CREATE VIEW v AS SELECT 1 AS one;
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1';
