-- wayback:no-transaction
DROP DATABASE lake;
