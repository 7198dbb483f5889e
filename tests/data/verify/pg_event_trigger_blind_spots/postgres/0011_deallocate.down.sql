DEALLOCATE ALL;
DROP TABLE after_deallocate;
