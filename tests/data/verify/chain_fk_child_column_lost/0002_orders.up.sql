CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id), amount integer NOT NULL DEFAULT 0);
