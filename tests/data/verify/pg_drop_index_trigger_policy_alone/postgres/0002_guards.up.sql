CREATE INDEX docs_owner ON docs (owner_name);
CREATE TRIGGER docs_touch BEFORE UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION docs_touch();
CREATE POLICY docs_mine ON docs USING (owner_name = current_user);
