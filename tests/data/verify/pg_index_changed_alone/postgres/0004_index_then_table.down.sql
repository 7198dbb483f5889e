ALTER TABLE books DROP COLUMN pages;
DROP INDEX books_isbn_lower;
