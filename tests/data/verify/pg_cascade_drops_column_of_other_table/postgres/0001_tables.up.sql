CREATE TABLE shapes (id int PRIMARY KEY);
CREATE TABLE boards (id int PRIMARY KEY, note text, shape shapes);
