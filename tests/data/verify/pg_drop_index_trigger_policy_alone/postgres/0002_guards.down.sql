-- Each dropped alone: the table itself is not altered.
DROP POLICY docs_mine ON docs;
DROP TRIGGER docs_touch ON docs;
DROP INDEX docs_owner;
