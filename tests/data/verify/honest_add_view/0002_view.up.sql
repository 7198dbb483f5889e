CREATE VIEW busy_items AS SELECT id, name FROM items WHERE qty > 0;
