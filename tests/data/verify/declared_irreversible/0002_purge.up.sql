-- wayback:irreversible old rows are deleted for good
DELETE FROM items WHERE qty = 0;
