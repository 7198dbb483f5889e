DROP INDEX loans_id;
DROP INDEX loans_2024_due;
DROP INDEX books_by_year;
DROP INDEX books_title;
