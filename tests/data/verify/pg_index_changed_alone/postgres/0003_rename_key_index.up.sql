-- An index that backs a constraint: renaming it renames the constraint.
ALTER INDEX books_isbn_key RENAME TO books_isbn_unique;
ALTER INDEX books_title RENAME TO books_title_search;
