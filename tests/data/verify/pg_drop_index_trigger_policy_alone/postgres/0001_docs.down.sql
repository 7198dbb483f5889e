DROP FUNCTION docs_touch();
DROP TABLE docs;
