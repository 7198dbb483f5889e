CREATE TABLE items_old (id integer PRIMARY KEY, name text, qty integer);
      INSERT INTO items_old SELECT id, name, CAST(qty AS integer) FROM items;
      DROP TABLE items;
      ALTER TABLE items_old RENAME TO items;
