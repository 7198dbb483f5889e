CREATE TABLE boards (id int PRIMARY KEY, note text, size int);
