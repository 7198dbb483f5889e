DROP TABLE loans;
DROP VIEW recent_books;
DROP TABLE books;
