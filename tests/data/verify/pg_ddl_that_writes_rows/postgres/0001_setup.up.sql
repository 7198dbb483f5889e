-- A table, an audit table, and a volatile function that writes to the audit
-- table: used below as a column default, so that DDL writes rows elsewhere.
CREATE TABLE parcels (id bigint PRIMARY KEY, label text NOT NULL);
CREATE TABLE stamp_log (id bigserial PRIMARY KEY, stamped_at timestamptz NOT NULL DEFAULT now());
CREATE FUNCTION next_stamp() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE n bigint;
BEGIN
  INSERT INTO stamp_log DEFAULT VALUES RETURNING id INTO n;
  RETURN n;
END $$;
