CREATE TABLE notes_old (id integer PRIMARY KEY, body text, author text);
     INSERT INTO notes_old (id, body, author) SELECT id, body, author FROM notes;
     DROP TABLE notes;
     ALTER TABLE notes_old RENAME TO notes;
