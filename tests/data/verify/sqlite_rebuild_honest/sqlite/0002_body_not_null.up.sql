CREATE TABLE notes_new (id integer PRIMARY KEY, body text NOT NULL DEFAULT '', author text);
     INSERT INTO notes_new (id, body, author) SELECT id, coalesce(body, ''), author FROM notes;
     DROP TABLE notes;
     ALTER TABLE notes_new RENAME TO notes;
     CREATE INDEX notes_author_idx ON notes (author);
