-- deleted rows cannot come back
SELECT 1;
