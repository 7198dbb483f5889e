ALTER TABLE people ADD COLUMN full_name text;
     UPDATE people SET full_name = first_name || ' ' || last_name;
     ALTER TABLE people DROP COLUMN first_name;
     ALTER TABLE people DROP COLUMN last_name;
