CREATE TABLE notes_new (id integer PRIMARY KEY, body text);
     INSERT INTO notes_new (id, body) SELECT id, body FROM notes;
     DROP TABLE notes;
     ALTER TABLE notes_new RENAME TO notes;
