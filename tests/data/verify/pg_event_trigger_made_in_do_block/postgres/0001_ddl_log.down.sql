DROP EVENT TRIGGER log_every_ddl;
DROP FUNCTION log_ddl();
DROP TABLE ddl_log;
