DROP FUNCTION audit.now();
DROP SCHEMA audit;
DROP DOMAIN stamp_d;
