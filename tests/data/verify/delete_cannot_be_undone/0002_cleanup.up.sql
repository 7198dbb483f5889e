DELETE FROM items WHERE qty = 0;
