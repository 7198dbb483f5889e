ALTER TABLE people ADD COLUMN first_name text;
     ALTER TABLE people ADD COLUMN last_name text;
     UPDATE people SET first_name = split_part(full_name, ' ', 1),
       last_name = nullif(trim(substr(full_name, strpos(full_name || ' ', ' ') + 1)), '');
     ALTER TABLE people DROP COLUMN full_name;
