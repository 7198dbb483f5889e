-- the row is harmless
SELECT 1;
