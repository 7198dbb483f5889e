-- The way back
--   writes:  nothing outside the schema
--   reverse: the down migration
--   window:  until the next release
ALTER TABLE orders ADD CONSTRAINT orders_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
