UPDATE items SET qty = qty / 2;
