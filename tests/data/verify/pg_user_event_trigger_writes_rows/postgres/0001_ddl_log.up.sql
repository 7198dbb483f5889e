-- An event trigger of the application's own that records every DDL command:
-- from here on any DDL writes rows to ddl_log.
CREATE TABLE ddl_log (id bigserial PRIMARY KEY, tag text NOT NULL);
CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ddl_log (tag) VALUES (tg_tag);
END $$;
CREATE EVENT TRIGGER log_every_ddl ON ddl_command_end EXECUTE FUNCTION log_ddl();
