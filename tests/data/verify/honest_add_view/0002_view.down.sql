DROP VIEW busy_items;
