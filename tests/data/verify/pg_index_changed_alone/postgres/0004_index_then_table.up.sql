-- An index made alone and its table altered in the same script.
CREATE INDEX books_isbn_lower ON books (lower(isbn));
ALTER TABLE books ADD COLUMN pages int;
