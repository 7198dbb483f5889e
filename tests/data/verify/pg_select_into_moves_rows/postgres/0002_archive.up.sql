-- SELECT … INTO creates a table from a query, and the query here empties orders.
WITH moved AS (DELETE FROM orders RETURNING *) SELECT * INTO orders_archive FROM moved;
