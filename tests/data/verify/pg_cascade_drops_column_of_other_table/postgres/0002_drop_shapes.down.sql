CREATE TABLE shapes (id int PRIMARY KEY);
ALTER TABLE boards ADD COLUMN shape shapes;
