-- A domain whose default is volatile, and a function of the user's own schema
-- named like a stable catalog one: both used by later migrations.
CREATE DOMAIN stamp_d AS bigint DEFAULT next_stamp();
CREATE SCHEMA audit;
CREATE FUNCTION audit.now() RETURNS bigint LANGUAGE sql VOLATILE AS 'SELECT next_stamp()';
