DROP TRIGGER docs_touch ON docs;
CREATE TRIGGER docs_touch BEFORE UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION docs_touch();
DROP INDEX docs_owner;
