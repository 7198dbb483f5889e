ALTER TABLE people DROP COLUMN first_name;
