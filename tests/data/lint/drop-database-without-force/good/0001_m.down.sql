-- wayback:no-transaction
DROP DATABASE lake WITH (FORCE);
