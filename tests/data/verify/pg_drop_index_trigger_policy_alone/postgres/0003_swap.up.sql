-- Dropped and made again under the same names in one script.
DROP INDEX docs_owner;
CREATE UNIQUE INDEX docs_owner ON docs (owner_name, id);
DROP TRIGGER docs_touch ON docs;
CREATE TRIGGER docs_touch BEFORE INSERT ON docs FOR EACH ROW EXECUTE FUNCTION docs_touch();
