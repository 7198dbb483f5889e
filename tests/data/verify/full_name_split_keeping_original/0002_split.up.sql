ALTER TABLE people ADD COLUMN first_name text;
     UPDATE people SET first_name = substr(full_name, 1, 3);
