CREATE TABLE tags (id integer PRIMARY KEY, label text);
CREATE INDEX items_name_idx ON items (name);
