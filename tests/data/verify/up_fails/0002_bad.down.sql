ALTER TABLE no_such_table DROP COLUMN x;
