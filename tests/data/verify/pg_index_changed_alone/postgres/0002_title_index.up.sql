-- Indexes made, renamed and commented on alone: only they are read again.
CREATE INDEX books_title ON books (lower(title)) WHERE year IS NOT NULL;
COMMENT ON INDEX books_title IS 'search by title';
CREATE INDEX books_year ON books (year);
ALTER INDEX books_year RENAME TO books_by_year;
ALTER INDEX books_by_year SET (fillfactor = 70);
-- On a partition alone, and on the partitioned table (its partitions get one too).
CREATE INDEX loans_2024_due ON loans_2024 (due);
CREATE INDEX loans_id ON loans (id);
