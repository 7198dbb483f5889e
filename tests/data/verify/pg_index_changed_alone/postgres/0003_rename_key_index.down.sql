ALTER INDEX books_title_search RENAME TO books_title;
-- The constraint keeps its new name: the schema does not come back.
ALTER INDEX books_isbn_unique RENAME TO books_isbn_key_old;
