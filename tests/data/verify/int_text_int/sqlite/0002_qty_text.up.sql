CREATE TABLE items_new (id integer PRIMARY KEY, name text, qty text);
      INSERT INTO items_new SELECT id, name, CAST(qty AS text) FROM items;
      DROP TABLE items;
      ALTER TABLE items_new RENAME TO items;
      UPDATE items SET qty = 'none' WHERE qty = '3';
