CREATE TABLE orders (id int PRIMARY KEY, archived boolean NOT NULL DEFAULT false);
