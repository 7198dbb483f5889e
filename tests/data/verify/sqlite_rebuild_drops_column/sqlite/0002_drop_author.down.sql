CREATE TABLE notes_old (id integer PRIMARY KEY, body text, author text);
     INSERT INTO notes_old (id, body) SELECT id, body FROM notes;
     DROP TABLE notes;
     ALTER TABLE notes_old RENAME TO notes;
     CREATE INDEX notes_author_idx ON notes (author);
