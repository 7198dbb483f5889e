-- The event trigger is made inside a DO block, where the statement model
-- cannot see it: later DDL must still count as possibly writing rows.
CREATE TABLE ddl_log (id bigserial PRIMARY KEY, tag text NOT NULL);
CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ddl_log (tag) VALUES (tg_tag);
END $$;
DO $$ BEGIN
  EXECUTE 'CREATE EVENT TRIGGER log_every_ddl ON ddl_command_end EXECUTE FUNCTION log_ddl()';
END $$;
