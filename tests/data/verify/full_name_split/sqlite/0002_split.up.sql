ALTER TABLE people ADD COLUMN first_name text;
     ALTER TABLE people ADD COLUMN last_name text;
     UPDATE people SET first_name = CASE WHEN instr(full_name, ' ') > 0 THEN substr(full_name, 1, instr(full_name, ' ') - 1) ELSE full_name END,
       last_name = nullif(trim(CASE WHEN instr(full_name, ' ') > 0 THEN substr(full_name, instr(full_name, ' ') + 1) END), '');
     ALTER TABLE people DROP COLUMN full_name;
