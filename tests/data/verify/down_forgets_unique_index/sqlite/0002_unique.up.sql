CREATE UNIQUE INDEX items_name_key ON items (name);
CREATE TABLE audit (id integer PRIMARY KEY);
