CREATE TABLE items (id integer PRIMARY KEY, name text, qty integer);
INSERT INTO items (id, name, qty) VALUES (1001, 'first', 3), (1002, 'second one', 0);
