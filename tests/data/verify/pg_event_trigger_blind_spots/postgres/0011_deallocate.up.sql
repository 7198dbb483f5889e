-- Drops the prepared statements verify reads the catalogs with.
DEALLOCATE ALL;
CREATE TABLE after_deallocate (a int);
