CREATE TABLE notes (id integer PRIMARY KEY, body text, author text);
CREATE INDEX notes_author_idx ON notes (author);
INSERT INTO notes VALUES (1, 'hello', 'ann');
