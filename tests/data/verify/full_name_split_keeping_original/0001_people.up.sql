CREATE TABLE people (id integer PRIMARY KEY, full_name text);
INSERT INTO people VALUES (1, 'Ada Lovelace'), (2, 'Plato'), (3, 'Jean  Paul Sartre');
