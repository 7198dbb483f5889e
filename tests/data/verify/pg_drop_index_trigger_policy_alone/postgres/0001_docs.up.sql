CREATE TABLE docs (id bigint PRIMARY KEY, owner_name text NOT NULL, body text);
CREATE FUNCTION docs_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
